// The rear camera: a live preview with a capture button (getUserMedia,
// facingMode environment). Where no camera can be opened, falls back to
// the system camera through <input capture="environment">.

import { t } from '../i18n';
import { filePicker, h } from './dom';

export function openCamera(target: string, onPhoto: (file: File) => void): void {
  const fallback = () => {
    const input = filePicker({ accept: 'image/*', capture: 'environment' }, (files) => files.forEach(onPhoto));
    document.body.append(input);
    input.click();
    setTimeout(() => input.remove(), 60_000);
  };
  if (!navigator.mediaDevices?.getUserMedia) {
    fallback();
    return;
  }
  let taken = 0;
  const video = h('video', { class: 'camera-video', autoplay: true, playsInline: true, muted: true });
  const counter = h('span', { class: 'muted' }, '');
  const dlg = h('dialog', { class: 'modal camera' },
    h('h2', {}, t('camera.title')),
    h('p', { class: 'muted' }, t('camera.into', { name: target })),
    video,
    h('div', { class: 'row end' },
      counter,
      h('button', { type: 'button', class: 'btn', onclick: () => dlg.close() }, t('camera.close')),
      h('button', { type: 'button', class: 'btn primary big', onclick: () => {
        if (!video.videoWidth) return;
        const canvas = h('canvas', { width: video.videoWidth, height: video.videoHeight });
        canvas.getContext('2d')!.drawImage(video, 0, 0);
        canvas.toBlob((blob) => {
          if (!blob) return;
          taken++;
          counter.textContent = t('camera.taken', { count: taken });
          onPhoto(new File([blob], `camera-${Date.now()}.jpg`, { type: 'image/jpeg' }));
        }, 'image/jpeg', 0.9);
      } }, t('camera.capture')),
    ),
  );
  let stream: MediaStream | null = null;
  dlg.addEventListener('close', () => {
    stream?.getTracks().forEach((tr) => tr.stop());
    dlg.remove();
  });
  navigator.mediaDevices
    .getUserMedia({ video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 } }, audio: false })
    .then((s) => {
      stream = s;
      video.srcObject = s;
      document.body.append(dlg);
      dlg.showModal();
    })
    .catch(() => fallback());
}
