// The bindings sit over every engine folder. Not compiled.
#include "app/session.h"
