#pragma once
// The part of LibTorch that fedsec's tensor code uses: tensors and their operations, factory
// functions, autograd, and the generator. Much cheaper to compile than <torch/torch.h>; it is
// also the project's precompiled header.

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/types.h>
#include <torch/utils.h>
