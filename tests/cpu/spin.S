@ spin.S: a guest that never ends; only the instruction budget stops it.
#include "common.inc"
    VECTORS
    .text
reset:
    b reset
undef_handler:
swi_handler:
pabt_handler:
dabt_handler:
irq_handler:
    b .
