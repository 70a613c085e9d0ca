#!/usr/bin/python3
"""Plain PyTorch FedAvg: the loop a competent PyTorch user writes, as the speed baseline for fedsec.

Data is preloaded as tensors, minibatches are taken by index slicing, nothing is done per sample
in Python. It runs the setup of a fedsec run: the same model architecture, the partition
(`fedsec partition` output), the participants of every round (the run's rounds.jsonl), batch size,
learning rate, epochs and threads. Prints the median seconds per round as JSON.
"""
import argparse
import gzip
import json
import statistics
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def load_idx(images_path, labels_path):
    with gzip.open(images_path, "rb") as f:
        images = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 1, 28, 28)
    with gzip.open(labels_path, "rb") as f:
        labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8)
    x = (torch.from_numpy(images.astype(np.float32)) / 255.0 - 0.2860) / 0.3530
    return x, torch.from_numpy(labels.astype(np.int64))


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(x.flatten(1)))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def make_model(name, hidden):
    if name == "logreg":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, hidden), nn.ReLU(), nn.Linear(hidden, 10))
    return LeNet()


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--model", choices=["logreg", "mlp", "convnet"], required=True)
    p.add_argument("--hidden", type=int, default=200)
    p.add_argument("--partition", required=True, help="JSON written by `fedsec partition`")
    p.add_argument("--rounds-jsonl", required=True, help="rounds.jsonl of the fedsec run (participants per round)")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--images", default="/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")
    p.add_argument("--labels", default="/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    x_all, y_all = load_idx(args.images, args.labels)
    with open(args.partition) as f:
        shards = [torch.tensor(s, dtype=torch.int64) for s in json.load(f)["shards"]]
    with open(args.rounds_jsonl) as f:
        participants = [json.loads(line)["participants"] for line in f]

    global_model = make_model(args.model, args.hidden)
    local_model = make_model(args.model, args.hidden)
    seconds = []
    for clients in participants:
        start = time.perf_counter()
        global_state = [p.detach().clone() for p in global_model.parameters()]
        total = sum(len(shards[c]) for c in clients)
        new_state = [torch.zeros_like(p) for p in global_state]
        for c in clients:
            with torch.no_grad():
                for p, g in zip(local_model.parameters(), global_state):
                    p.copy_(g)
            opt = torch.optim.SGD(local_model.parameters(), lr=args.lr)
            idx = shards[c]
            for _ in range(args.epochs):
                order = idx[torch.randperm(len(idx))]
                for b in range(0, len(order), args.batch_size):
                    batch = order[b:b + args.batch_size]
                    opt.zero_grad()
                    loss = F.cross_entropy(local_model(x_all[batch]), y_all[batch])
                    loss.backward()
                    opt.step()
            with torch.no_grad():
                weight = len(idx) / total
                for acc, p in zip(new_state, local_model.parameters()):
                    acc.add_(p, alpha=weight)
        with torch.no_grad():
            for p, new in zip(global_model.parameters(), new_state):
                p.copy_(new)
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"model": args.model, "rounds": len(seconds), "median_seconds_per_round": statistics.median(seconds)}))


if __name__ == "__main__":
    main()
