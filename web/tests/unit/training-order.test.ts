// The photos a run trains on come in an order fixed by the photos themselves
// (class, name, content), so the same photos, settings and seed train the
// same model however the import interleaved them.
import { describe, expect, it } from 'vitest';
import { trainingOrder } from '../../src/actions/training-order';
import type { PhotoMeta } from '../../src/db';

const photo = (id: string, classId: string, name: string, hash: string, added: number): PhotoMeta => ({
  id, projectId: 'p', classId, name, hash, added, thumb: new Blob(), width: 1, height: 1,
});

describe('trainingOrder', () => {
  const labelOf = new Map([['cow', 0], ['pig', 1]]);
  const photos = [
    photo('u3', 'pig', 'a.jpg', 'ff', 1),
    photo('u1', 'cow', 'b.jpg', '00', 2),
    photo('u9', 'cow', 'a.jpg', '22', 3),
    photo('u2', 'cow', 'a.jpg', '11', 4), // the same name again (another folder): its content decides
    photo('u5', 'pig', 'B.jpg', '33', 5),
  ];
  const ids = (list: PhotoMeta[]): string[] => list.map((p) => p.id);

  it('orders by class index, then name, then content hash', () => {
    expect(ids([...photos].sort(trainingOrder(labelOf)))).toEqual(['u2', 'u9', 'u1', 'u5', 'u3']);
  });

  it('does not depend on the order the import stored them in', () => {
    const reversed = [...photos].reverse().sort(trainingOrder(labelOf));
    const shuffled = [photos[2]!, photos[4]!, photos[0]!, photos[3]!, photos[1]!].sort(trainingOrder(labelOf));
    expect(ids(reversed)).toEqual(ids(shuffled));
    expect(ids(reversed)).toEqual(['u2', 'u9', 'u1', 'u5', 'u3']);
  });
});
