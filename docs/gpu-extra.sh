# Issue 13's GPU checks for the GPU harness (../shared/gpu/README.md): pass this file to
#   ../shared/gpu/make_payload.sh --extra docs/gpu-extra.sh
# gpu_check.sh sources it after its standard steps (step, eegdecode_bench and the EEGDECODE_GPU_*
# variables are the harness's). The bench report's encode part runs on every device the engine
# sees (JMH at batch 1, 8, 32; then back to back, paced 200 ms, paced with the warm phase) and its
# goals judge batch 32 vs 1 and paced vs back-to-back on the GPU; the live part runs the decoder on
# the default device (auto: the GPU) with the warm phase off, then on.
R=$EEGDECODE_GPU_RESULTS/extra
DEV=$EEGDECODE_GPU_DEVICE
step -o "$R/bench_encode_live.log" bench_encode_live 420 \
  eegdecode_bench --quick --parts encode,live --out "$R/bench"
step -o "$R/train_epoch_gpu.json" train_epoch_gpu 150 \
  eegdecode_bench train-epoch --dataset "$EEGDECODE_GPU_WORK/bench-full" --epochs 3 device="$DEV"
