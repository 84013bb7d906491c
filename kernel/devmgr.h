/*
 * devmgr.h: the device manager. At boot every ROM_MOD_DRIVER module of the table of
 * contents is loaded, in TOC order, with the CE stream interface (XXX_Init, XXX_Deinit,
 * XXX_Open, XXX_Close, XXX_IOControl; the ROM builder has resolved and relocated them):
 *   - kernel mode: the image at its kernel address (VM_KDRIVERS and up) in the kernel
 *     process; its entry points are called directly, on the calling thread, with the
 *     caller's address space still mapped (spec/marshal.md section 3, K2);
 *   - user mode: a driver host process of its own with the image at VM_USER_IMAGE; its
 *     entry points are reached through the reflector (kernel/reflect.h).
 * A device is named by its module: "SMP1:" for prefix SMP, index 1.
 */
#ifndef KERNEL_DEVMGR_H
#define KERNEL_DEVMGR_H

#include "object.h"

/* Load every driver of the ROM and call its Init; messages for those that fail. */
void devmgr_init(void);
/* Destroy callback of an open device (kernel/object.c): calls XXX_Close. */
void devmgr_file_destroy(struct kobj *o);

#endif
