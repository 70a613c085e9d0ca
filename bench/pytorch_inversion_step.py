#!/usr/bin/python3
"""One gradient-inversion attack step in plain PyTorch, on the shapes of
bench/inversion_step_bench.cpp: the LeNet-5-style ReLU victim (eval), the DCGAN generator (width
32, latent 100, eval), the global cosine gradient distance with create_graph, TV and norm priors,
and a torch.optim.Adam step on pixels, the latent, or the 8 x 8 feature map. One intra-op thread.
Prints the median milliseconds per step as JSON lines. Usage: pytorch_inversion_step.py [REPEATS]
"""
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from pytorch_fedavg import LeNet  # the same LeNet-5-style ConvNet as fedsec's convnet

MEAN, STD = 0.2860, 0.3530


class Generator(nn.Module):
    def __init__(self, latent=100, w=32):
        super().__init__()
        self.latent = latent
        self.blocks = nn.ModuleList([
            nn.Sequential(nn.ConvTranspose2d(latent, 4 * w, 4, 1, 0, bias=False), nn.BatchNorm2d(4 * w), nn.ReLU()),
            nn.Sequential(nn.ConvTranspose2d(4 * w, 2 * w, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * w), nn.ReLU()),
            nn.Sequential(nn.ConvTranspose2d(2 * w, w, 4, 2, 1, bias=False), nn.BatchNorm2d(w), nn.ReLU()),
            nn.Sequential(nn.ConvTranspose2d(w, 1, 4, 2, 1, bias=False), nn.Tanh()),
        ])

    def forward_from(self, h, k):
        if k == 0:
            h = h.view(h.size(0), self.latent, 1, 1)
        for block in self.blocks[k:]:
            h = block(h)
        return h


def to_input(generated):
    unit = (generated[:, :, 2:30, 2:30] + 1) * 0.5
    return (unit - MEAN) / STD


def tv(x):
    return (x[:, :, :, 1:] - x[:, :, :, :-1]).abs().mean() + (x[:, :, 1:, :] - x[:, :, :-1, :]).abs().mean()


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    torch.set_num_threads(1)
    torch.manual_seed(0)
    victim = LeNet().eval()
    generator = Generator().eval()
    for p in generator.parameters():
        p.requires_grad_(False)
    params = list(victim.parameters())
    for batch in (1, 4):
        labels = torch.arange(batch)
        truth = (torch.rand(batch, 1, 28, 28) - MEAN) / STD
        target = torch.autograd.grad(F.cross_entropy(victim(truth), labels), params)
        target_flat = torch.cat([t.reshape(-1) for t in target]).detach()
        with torch.no_grad():
            feature = generator.blocks[1](generator.blocks[0](torch.randn(batch, 100).view(batch, 100, 1, 1)))
        cases = [
            ("pixels", torch.randn(batch, 1, 28, 28), lambda v: v),
            ("latent", torch.randn(batch, 100), lambda v: to_input(generator.forward_from(v, 0))),
            ("feature_8x8", feature, lambda v: to_input(generator.forward_from(v, 2))),
        ]
        for name, start, forward in cases:
            variable = start.clone().requires_grad_(True)
            optimizer = torch.optim.Adam([variable], lr=0.01)

            def step():
                optimizer.zero_grad()
                x = forward(variable)
                grads = torch.autograd.grad(F.cross_entropy(victim(x), labels), params, create_graph=True)
                g = torch.cat([t.reshape(-1) for t in grads])
                loss = 1 - (g * target_flat).sum() / (g.norm() * target_flat.norm())
                loss = loss + 1e-4 * tv(x) + 1e-6 * x.norm() / (28 * 28)
                loss.backward(inputs=[variable])
                optimizer.step()

            for _ in range(20):
                step()
            times = []
            for _ in range(repeats):
                start_time = time.perf_counter()
                step()
                times.append((time.perf_counter() - start_time) * 1000)
            print(json.dumps({"case": name, "batch": batch, "ms_per_step": round(statistics.median(times), 4)}))


if __name__ == "__main__":
    main()
