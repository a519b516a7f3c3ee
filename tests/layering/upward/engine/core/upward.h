// A deliberately wrong header for check_includes.sh's own test: core may not
// include layers. Not compiled.
#pragma once
#include "core/tensor.h"
#include "layers/layer.h"
