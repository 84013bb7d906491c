/*
 * windows.h: the one include a CE-style app needs: base types and the system calls.
 */
#ifndef CE_WINDOWS_H
#define CE_WINDOWS_H

#include "ceapi.h"
#include "cetypes.h"

#endif
