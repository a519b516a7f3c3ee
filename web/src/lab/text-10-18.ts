// Texts of Lab pages 10-18 in English and Korean: each page's title, its
// purpose and what to notice (three to six plain sentences in all), then the
// labels of its controls and figures. `en1018` defines the keys; `ko1018`
// must have the same ones (a missing translation is a compile error). Spread
// into the lab's dictionaries in text.ts (kept apart so two people can edit
// the two halves of the notebook at once).

export const en1018 = {
  'optimizers.title': 'Optimizers race',
  'optimizers.purpose':
    'Six optimizers start from the same point (-7, 2) in the long, narrow valley f = x²/20 + y² and take 30 steps each; the engine’s own optimizer classes compute every point. Below, the same six train one network on the same Fashion-MNIST images.',
  'optimizers.notice':
    'With the book’s settings plain SGD overshoots across the valley, so the sign of y flips on every step, while AdaGrad’s steps shrink as it adds up squared gradients and never cross y = 0. The table says which path ends nearest the origin: read it rather than guess. On real images the ranking of the loss curves is not the same as on the toy valley.',

  'init.title': 'Weight initialization',
  'init.purpose':
    'A network of 5 layers of 100 units receives 1000 random inputs, and each histogram shows one layer’s activations. Pick the activation function and compare four starting weight scales: std 1, std 0.01, Xavier and He.',
  'init.notice':
    'With std 1 and sigmoid, the values pile up at 0 and 1, where the gradient is almost zero. With std 0.01 they collapse to 0.5, so every unit says the same thing. Xavier keeps sigmoid and tanh layers spread out, and He does the same for ReLU. The training curves show what this costs: a bad start learns slowly or not at all.',

  'batchnorm.title': 'Batch normalization',
  'batchnorm.purpose':
    'Batch normalization rescales each feature of a mini-batch to mean 0 and variance 1, then lets the network learn its own scale and shift. The grid trains the same network with and without it, from a range of initial weight scales.',
  'batchnorm.notice':
    'Without batch normalization only a narrow band of weight scales learns at all; with it, most scales learn, and faster. The bars at the bottom show each feature’s mean and variance before and after the layer: after, they sit near 0 and 1 whatever came in.',

  'overfit.title': 'Overfitting, weight decay and dropout',
  'overfit.purpose':
    'A deep network trained on only 300 images can learn them by heart: its training accuracy climbs towards 100% while the accuracy on unseen test images stalls. Weight decay adds λ/2·‖W‖² to the loss to keep weights small; dropout switches off a random share of units at each training step.',
  'overfit.notice':
    'Watch the gap between the two curves. Weight decay and dropout lower the training accuracy but narrow the gap. Too much of either and both curves drop, because the network can no longer learn.',

  'hyper.title': 'Hyperparameter search',
  'hyper.purpose':
    'The learning rate and the weight decay are drawn at random on a log scale, and each pair trains a small network for a few epochs. A share of the training images is held back as a validation set to score each pair; the test images are never used for this.',
  'hyper.notice':
    'The good points gather in a band rather than at one spot: that band is where to search next, more narrowly. Learning rates that are too small do not learn in the time given. Random search tries a new value on each axis at every trial, which a grid of the same size does not.',

  'conv.title': 'Convolution and padding',
  'conv.purpose':
    'A small filter slides over the input, and at each position the products of the overlapping numbers are added up. Padding puts a border of zeros around the input and the stride sets the step. The engine does this with im2col: each window becomes one column of a matrix, so the whole convolution is one matrix product.',
  'conv.notice':
    'The notebook’s example gives [[15, 16], [6, 15]]; with padding 1 the output keeps the input’s 4×4 size. The output size is (H + 2P − FH) / S + 1. Step through the windows and find each sum in the output.',

  'conv.input': 'Input',
  'conv.padded': 'Input with padding {p}',
  'conv.filter': 'Filter',
  'conv.pad': 'Padding P',
  'conv.stride': 'Stride S',
  'conv.products': 'Products in the window (sum {sum})',
  'conv.output': 'Output',
  'conv.window': 'Window {k} of {n}: sum {sum}',
  'conv.play': 'Play',
  'conv.stop': 'Stop',
  'conv.example': 'Notebook example',
  'conv.example1': 'With padding 1',
  'conv.key': 'Output {out}',
  'conv.im2colTitle': 'The im2col matrix',
  'conv.im2col': '{rows} rows (one per filter weight) × {cols} columns (one per window)',
  'conv.badMatrix': 'Write rows separated by ; and numbers by , (all rows the same length, at most {max} rows; the filter square).',

  'pool.title': 'Pooling',
  'pool.purpose':
    'Pooling shrinks a feature map by summarising each window: max pooling keeps the largest value, average pooling the mean. It has no weights to learn. Edit the grid, or see pooling applied to a feature map of a farm photo.',
  'pool.notice':
    'Max pooling keeps a strong response even when it moves a little inside its window, which makes a network tolerant of small shifts; average pooling smooths. With window 2 and stride 2 the width and height are halved, and the number of channels does not change.',

  'pool.input': 'Input grid',
  'pool.size': 'Window',
  'pool.stride': 'Stride',
  'pool.max': 'Max pooling',
  'pool.avg': 'Average pooling',
  'pool.key': 'Max pooling {max}',
  'pool.photoTitle': 'Pooling a feature map of a photo',
  'pool.filter': 'Edge filter',
  'pool.vertical': 'vertical edges',
  'pool.horizontal': 'horizontal edges',
  'pool.blur': 'blur',
  'pool.window': 'Pooling window (= stride)',
  'pool.photo': 'Photo (grey)',
  'pool.feature': 'Feature map {w}×{h}',
  'pool.maxImage': 'Max pooled {w}×{h}',
  'pool.avgImage': 'Average pooled {w}×{h}',
  'photos.pick': 'Photo',
  'photos.loading': 'Loading the farm photos into the engine…',
  'photos.own': 'Use my own photo',

  'cnn.title': 'A CNN looks at a farm photo',
  'cnn.purpose':
    'A small CNN is trained here, on this device, on the farm sample photos. You see its first-layer filters before and after training, then what each layer makes of one photo. The saliency map shows which pixels change the top class’s score the most: the gradient of that score with respect to the input.',
  'cnn.notice':
    'Before training the filters are noise; after, many respond to edges or colours. Deeper feature maps are smaller and less like the photo. If the saliency map lights up the background rather than the animal, the model relies on the wrong clue.',

  'alexnet.title': 'AlexNet and LRN',
  'alexnet.purpose':
    'The table lists every layer of the alexnet-small preset the app can train, with its output shape, parameters and operations. AlexNet also used local response normalization (LRN): each value is divided by (k + α/n · the sum of squares over n neighbouring channels) to the power β.',
  'alexnet.notice':
    'Most parameters sit in the fully connected layers, most operations in the convolutions. LRN damps a value when the channels beside it are strong too; change k, n, α and β to see how much. Later networks replaced LRN with batch normalization.',
  'alexnet.size': 'Image size',
  'alexnet.channels': 'Colour',
  'alexnet.grey': 'grey',
  'alexnet.colour': 'colour',
  'alexnet.classes': 'Classes',
  'alexnet.layer': 'Layer',
  'alexnet.layerNo': 'Layer',
  'alexnet.out': 'Output (C×H×W)',
  'alexnet.params': 'Parameters',
  'alexnet.flops': 'Operations',
  'alexnet.total': 'Total',
  'alexnet.key': '{n} layers, {params} parameters, {flops} operations per image',
  'alexnet.shares': 'Each layer’s share of the parameters and of the operations (%)',
  'alexnet.lrnTitle': 'Local response normalization',
  'alexnet.x': 'One pixel’s values a over the channels',
  'alexnet.channel': 'Channel',
  'alexnet.lrnKey': 'Channel {c}: a = {x}, divisor base {s}, b = {y}',
  'optimizers.key': 'After {steps} steps the nearest to the origin is {name} (distance {d})',
  'optimizers.start': 'start',
  'optimizers.name': 'Optimizer',
  'optimizers.final': 'Final (x, y)',
  'optimizers.distance': 'Distance to 0',
  'optimizers.flips': 'Sign flips of y',
  'optimizers.within': 'First step within 0.1',
  'optimizers.momentum': 'Momentum (Momentum, Nesterov)',
  'optimizers.steps': 'Steps',
  'optimizers.book': 'The book’s settings',
  'optimizers.netTitle': 'The same optimizers on Fashion-MNIST',
  'optimizers.netText': 'One network (784-100-100-100-100-10, ReLU, He initialization), the same seed and the same mini-batches of 32 for every optimizer, learning rates as in the book (0.01; Adam 0.001). The curves are the training loss per step.',
  'optimizers.netSteps': 'Training steps',
  'optimizers.train': 'Train all six',
  'optimizers.loadingData': 'Loading the Fashion-MNIST images into the engine…',
  'optimizers.netProgress': '{done} of {total} optimizers trained (last one {s} s)',
  'optimizers.step': 'Step',
  'optimizers.loss': 'Training loss',
  'init.key': 'Spread (std) of layer {n}: {spreads}',
  'init.layer': 'layer {k}',
  'init.atLimits': 'at the limits',
  'init.activation': 'Activation',
  'init.layers': 'Layers',
  'init.trainTitle': 'Training with each start',
  'init.trainText': 'The same five-layer network (784 inputs, 100 units per layer, 10 outputs) trained on Fashion-MNIST with SGD (learning rate 0.01), once per initialization, same seed and same batches.',
  'init.train': 'Train with each start',
  'init.trainProgress': '{done} of {total} initializations trained',
  'batchnorm.key': 'Final training accuracy, mean over {n} of {total} scales: with BN {bn}%, without {plain}%',
  'batchnorm.progress': '{done} of {total} weight scales trained',
  'batchnorm.legend': 'Each plot: training accuracy per epoch (0 to 100%) for one initial weight scale w; solid green with batch normalization, dashed grey without.',
  'batchnorm.optimizer': 'Optimizer',
  'batchnorm.lr': 'Learning rate',
  'batchnorm.epochs': 'Epochs',
  'batchnorm.scales': 'Weight scales (1 down to 0.0001)',
  'batchnorm.statsTitle': 'What the layer does to one batch',
  'batchnorm.statsScale': 'Weight scale of the layer before it',
  'batchnorm.statsKey': 'After BN: largest |mean| {m}, average variance {v}',
  'batchnorm.before': 'Before BN: mean and variance of each feature',
  'batchnorm.after': 'After BN',
  'batchnorm.mean': 'mean',
  'batchnorm.var': 'variance',
  'batchnorm.feature': 'Feature',
  'overfit.none': 'No regularization',
  'overfit.decay': 'Weight decay',
  'overfit.dropout': 'Dropout',
  'overfit.train': 'training images',
  'overfit.test': 'test images',
  'overfit.accuracy': 'Accuracy',
  'overfit.caption': '{name}: train {train}, test {test}, gap {gap} points',
  'overfit.key': 'Gap between train and test accuracy (points): {gaps}',
  'overfit.progress': '{done} of {total} runs trained',
  'overfit.lambda': 'Weight decay λ',
  'overfit.ratio': 'Dropout ratio',
  'overfit.images': 'Training images',
  'overfit.run': 'Train the three runs',
} as const;

export type Key1018 = keyof typeof en1018;

export const ko1018: Record<Key1018, string> = {
  'optimizers.title': '옵티마이저 경주',
  'optimizers.purpose':
    '여섯 가지 옵티마이저가 길고 좁은 골짜기 f = x²/20 + y²의 같은 점 (-7, 2)에서 출발해 각각 30걸음을 갑니다. 모든 점은 엔진의 옵티마이저 클래스가 계산합니다. 아래에서는 같은 여섯 옵티마이저가 같은 Fashion-MNIST 이미지로 신경망 하나를 학습합니다.',
  'optimizers.notice':
    '책의 설정에서 SGD는 골짜기를 가로질러 넘어가기 때문에 매 걸음 y의 부호가 바뀌고, AdaGrad는 기울기 제곱을 쌓아 가며 걸음이 작아져 y = 0을 넘지 않습니다. 어느 경로가 원점에 가장 가깝게 끝나는지는 짐작하지 말고 표에서 읽어 보세요. 실제 이미지에서는 손실 곡선의 순위가 장난감 골짜기와 다릅니다.',

  'init.title': '가중치 초기화',
  'init.purpose':
    '100개 유닛의 층 5개로 된 신경망에 무작위 입력 1000개를 넣고, 각 히스토그램에 한 층의 활성화 값을 그립니다. 활성화 함수를 고르고 네 가지 초기 가중치 크기(표준편차 1, 0.01, Xavier, He)를 비교해 보세요.',
  'init.notice':
    '표준편차 1과 시그모이드에서는 값이 0과 1에 몰리는데, 그곳에서는 기울기가 거의 0입니다. 표준편차 0.01에서는 값이 모두 0.5로 모여 모든 유닛이 같은 말을 합니다. Xavier는 시그모이드와 tanh 층의 분포를 고르게 유지하고, He는 ReLU에서 같은 일을 합니다. 학습 곡선은 그 대가를 보여 줍니다. 나쁜 시작은 느리게 배우거나 전혀 배우지 못합니다.',

  'batchnorm.title': '배치 정규화',
  'batchnorm.purpose':
    '배치 정규화는 미니배치의 각 특징을 평균 0, 분산 1로 맞춘 뒤 신경망이 자신의 크기와 이동을 배우게 합니다. 격자의 각 칸은 같은 신경망을 여러 초기 가중치 크기에서 배치 정규화를 쓰거나 쓰지 않고 학습한 결과입니다.',
  'batchnorm.notice':
    '배치 정규화가 없으면 좁은 범위의 가중치 크기에서만 학습이 됩니다. 배치 정규화가 있으면 대부분의 크기에서 더 빨리 학습합니다. 아래 막대는 층을 지나기 전과 후의 특징별 평균과 분산입니다. 지난 뒤에는 무엇이 들어와도 0과 1 가까이에 있습니다.',

  'overfit.title': '오버피팅, 가중치 감소, 드롭아웃',
  'overfit.purpose':
    '이미지 300장만으로 학습한 깊은 신경망은 그 이미지를 외워 버릴 수 있습니다. 학습 정확도는 100%를 향해 오르지만 처음 보는 시험 이미지의 정확도는 멈춥니다. 가중치 감소는 손실에 λ/2·‖W‖²를 더해 가중치를 작게 유지하고, 드롭아웃은 학습 단계마다 유닛의 일부를 무작위로 끕니다.',
  'overfit.notice':
    '두 곡선 사이의 간격을 보세요. 가중치 감소와 드롭아웃은 학습 정확도를 낮추지만 간격을 좁힙니다. 어느 쪽이든 너무 많으면 신경망이 더 이상 배우지 못해 두 곡선이 모두 떨어집니다.',

  'hyper.title': '하이퍼파라미터 탐색',
  'hyper.purpose':
    '학습률과 가중치 감소를 로그 척도에서 무작위로 뽑고, 각 조합으로 작은 신경망을 몇 에폭 학습합니다. 학습 이미지의 일부를 검증 데이터로 떼어 두어 각 조합의 점수를 매기며, 시험 이미지는 여기에 쓰지 않습니다.',
  'hyper.notice':
    '좋은 점들은 한 점이 아니라 띠 모양으로 모입니다. 다음에는 그 띠 안을 더 좁게 탐색하면 됩니다. 학습률이 너무 작으면 주어진 시간 안에 배우지 못합니다. 무작위 탐색은 시도마다 각 축의 새 값을 써 보는데, 같은 크기의 격자 탐색은 그렇지 못합니다.',

  'conv.title': '합성곱과 패딩',
  'conv.purpose':
    '작은 필터가 입력 위를 미끄러지며, 각 위치에서 겹치는 수끼리 곱해 모두 더합니다. 패딩은 입력 둘레에 0을 두르고, 스트라이드는 한 번에 움직이는 칸 수입니다. 엔진은 이를 im2col로 계산합니다. 각 창을 행렬의 한 열로 펼치면 합성곱 전체가 행렬 곱 하나가 됩니다.',
  'conv.notice':
    '연구노트의 예는 [[15, 16], [6, 15]]이고, 패딩 1을 주면 출력이 입력과 같은 4×4 크기를 유지합니다. 출력 크기는 (H + 2P − FH) / S + 1입니다. 창을 한 걸음씩 옮기며 각 합이 출력의 어디에 들어가는지 찾아보세요.',

  'conv.input': '입력',
  'conv.padded': '패딩 {p}을 두른 입력',
  'conv.filter': '필터',
  'conv.pad': '패딩 P',
  'conv.stride': '스트라이드 S',
  'conv.products': '창 안의 곱 (합 {sum})',
  'conv.output': '출력',
  'conv.window': '창 {k} / {n}: 합 {sum}',
  'conv.play': '재생',
  'conv.stop': '멈춤',
  'conv.example': '연구노트의 예',
  'conv.example1': '패딩 1',
  'conv.key': '출력 {out}',
  'conv.im2colTitle': 'im2col 행렬',
  'conv.im2col': '{rows}행 (필터 가중치마다 하나) × {cols}열 (창마다 하나)',
  'conv.badMatrix': '행은 ; 로, 숫자는 , 로 구분해 쓰세요 (모든 행의 길이가 같고, 최대 {max}행, 필터는 정사각형).',

  'pool.title': '풀링',
  'pool.purpose':
    '풀링은 창마다 값을 하나로 요약해 특징 맵을 줄입니다. 최대 풀링은 가장 큰 값을, 평균 풀링은 평균을 남깁니다. 배울 가중치는 없습니다. 격자를 직접 고치거나, 농장 사진의 특징 맵에 풀링을 적용해 보세요.',
  'pool.notice':
    '최대 풀링은 강한 반응이 창 안에서 조금 움직여도 그대로 남기므로 신경망이 작은 이동에 덜 민감해집니다. 평균 풀링은 값을 부드럽게 합니다. 창 2, 스트라이드 2이면 가로와 세로가 절반이 되고, 채널 수는 바뀌지 않습니다.',

  'pool.input': '입력 격자',
  'pool.size': '창 크기',
  'pool.stride': '스트라이드',
  'pool.max': '최대 풀링',
  'pool.avg': '평균 풀링',
  'pool.key': '최대 풀링 {max}',
  'pool.photoTitle': '사진의 특징 맵 풀링',
  'pool.filter': '경계 필터',
  'pool.vertical': '세로 경계',
  'pool.horizontal': '가로 경계',
  'pool.blur': '흐리게',
  'pool.window': '풀링 창 (= 스트라이드)',
  'pool.photo': '사진 (흑백)',
  'pool.feature': '특징 맵 {w}×{h}',
  'pool.maxImage': '최대 풀링 {w}×{h}',
  'pool.avgImage': '평균 풀링 {w}×{h}',
  'photos.pick': '사진',
  'photos.loading': '농장 사진을 엔진에 넣는 중…',
  'photos.own': '내 사진 쓰기',

  'cnn.title': 'CNN이 농장 사진을 보는 법',
  'cnn.purpose':
    '작은 CNN을 이 기기에서 농장 예제 사진으로 직접 학습합니다. 학습 전과 후의 첫 층 필터를 보고, 사진 한 장이 각 층에서 어떻게 바뀌는지 봅니다. 돌출 맵(saliency map)은 최상위 클래스 점수를 가장 크게 바꾸는 픽셀, 즉 그 점수의 입력에 대한 기울기를 보여 줍니다.',
  'cnn.notice':
    '학습 전의 필터는 잡음이지만, 학습 후에는 많은 필터가 경계나 색에 반응합니다. 깊은 층의 특징 맵일수록 작아지고 사진과 덜 닮습니다. 돌출 맵이 동물이 아니라 배경을 밝힌다면 모델이 엉뚱한 단서에 기대고 있는 것입니다.',

  'alexnet.title': 'AlexNet과 LRN',
  'alexnet.purpose':
    '표는 앱이 학습할 수 있는 alexnet-small 프리셋의 모든 층을 출력 모양, 파라미터 수, 연산 수와 함께 보여 줍니다. AlexNet은 국소 응답 정규화(LRN)도 썼습니다. 각 값을 (k + α/n · 이웃한 n개 채널의 제곱합)의 β제곱으로 나눕니다.',
  'alexnet.notice':
    '파라미터는 대부분 완전연결층에, 연산은 대부분 합성곱층에 있습니다. LRN은 옆 채널들도 강할 때 값을 줄입니다. k, n, α, β를 바꾸며 얼마나 줄어드는지 보세요. 이후의 신경망들은 LRN 대신 배치 정규화를 씁니다.',
  'alexnet.size': '이미지 크기',
  'alexnet.channels': '색',
  'alexnet.grey': '흑백',
  'alexnet.colour': '컬러',
  'alexnet.classes': '클래스 수',
  'alexnet.layer': '층',
  'alexnet.layerNo': '층',
  'alexnet.out': '출력 (C×H×W)',
  'alexnet.params': '파라미터',
  'alexnet.flops': '연산',
  'alexnet.total': '합계',
  'alexnet.key': '층 {n}개, 파라미터 {params}, 이미지 한 장에 연산 {flops}',
  'alexnet.shares': '층별 파라미터와 연산의 비율 (%)',
  'alexnet.lrnTitle': '국소 응답 정규화',
  'alexnet.x': '한 픽셀의 채널별 값 a',
  'alexnet.channel': '채널',
  'alexnet.lrnKey': '채널 {c}: a = {x}, 나누는 수의 밑 {s}, b = {y}',
  'optimizers.key': '{steps}걸음 뒤 원점에 가장 가까운 것은 {name} (거리 {d})',
  'optimizers.start': '출발',
  'optimizers.name': '옵티마이저',
  'optimizers.final': '마지막 (x, y)',
  'optimizers.distance': '원점까지 거리',
  'optimizers.flips': 'y 부호가 바뀐 횟수',
  'optimizers.within': '0.1 안에 처음 든 걸음',
  'optimizers.momentum': '모멘텀 계수 (Momentum, Nesterov)',
  'optimizers.steps': '걸음 수',
  'optimizers.book': '책의 설정',
  'optimizers.netTitle': '같은 옵티마이저로 Fashion-MNIST 학습',
  'optimizers.netText': '모든 옵티마이저가 같은 신경망(784-100-100-100-100-10, ReLU, He 초기화), 같은 시드, 같은 32장 미니배치를 씁니다. 학습률은 책과 같습니다(0.01, Adam은 0.001). 곡선은 걸음마다의 학습 손실입니다.',
  'optimizers.netSteps': '학습 걸음 수',
  'optimizers.train': '여섯 가지 모두 학습',
  'optimizers.loadingData': 'Fashion-MNIST 이미지를 엔진에 넣는 중…',
  'optimizers.netProgress': '옵티마이저 {total}개 중 {done}개 학습 완료 (마지막 {s}초)',
  'optimizers.step': '걸음',
  'optimizers.loss': '학습 손실',
  'init.key': '{n}번째 층의 퍼짐(표준편차): {spreads}',
  'init.layer': '{k}층',
  'init.atLimits': '끝값에 몰림',
  'init.activation': '활성화 함수',
  'init.layers': '층 수',
  'init.trainTitle': '초기화별 학습',
  'init.trainText': '같은 5층 신경망(입력 784, 층마다 유닛 100, 출력 10)을 초기화마다 한 번씩, 같은 시드와 같은 배치로 Fashion-MNIST에 SGD(학습률 0.01)로 학습합니다.',
  'init.train': '초기화마다 학습',
  'init.trainProgress': '초기화 {total}개 중 {done}개 학습 완료',
  'batchnorm.key': '가중치 크기 {total}개 중 {n}개의 마지막 학습 정확도 평균: 배치 정규화 {bn}%, 없이 {plain}%',
  'batchnorm.progress': '가중치 크기 {total}개 중 {done}개 학습 완료',
  'batchnorm.legend': '각 그림은 초기 가중치 크기 w 하나에서 에폭마다의 학습 정확도(0~100%)입니다. 초록 실선은 배치 정규화를 쓴 것, 회색 점선은 쓰지 않은 것입니다.',
  'batchnorm.optimizer': '옵티마이저',
  'batchnorm.lr': '학습률',
  'batchnorm.epochs': '에폭',
  'batchnorm.scales': '가중치 크기 수 (1부터 0.0001까지)',
  'batchnorm.statsTitle': '배치 하나에 이 층이 하는 일',
  'batchnorm.statsScale': '앞 층의 가중치 크기',
  'batchnorm.statsKey': '배치 정규화 뒤: 가장 큰 |평균| {m}, 평균 분산 {v}',
  'batchnorm.before': '배치 정규화 전: 특징별 평균과 분산',
  'batchnorm.after': '배치 정규화 뒤',
  'batchnorm.mean': '평균',
  'batchnorm.var': '분산',
  'batchnorm.feature': '특징',
  'overfit.none': '규제 없음',
  'overfit.decay': '가중치 감소',
  'overfit.dropout': '드롭아웃',
  'overfit.train': '학습 이미지',
  'overfit.test': '시험 이미지',
  'overfit.accuracy': '정확도',
  'overfit.caption': '{name}: 학습 {train}, 시험 {test}, 간격 {gap}%p',
  'overfit.key': '학습과 시험 정확도의 간격(%p): {gaps}',
  'overfit.progress': '실행 {total}개 중 {done}개 학습 완료',
  'overfit.lambda': '가중치 감소 λ',
  'overfit.ratio': '드롭아웃 비율',
  'overfit.images': '학습 이미지 수',
  'overfit.run': '세 가지 학습',
};
