/*
 * devregs.h: register offsets and bit fields of the Versatile PB devices cesim models,
 * the one copy shared by the simulator's device models (sim/dev_*.c) and the guest
 * (kernel/, guest/drivers/). Device base addresses and IRQ lines are in board.h.
 *
 * Hardware facts, from the manuals:
 *   PL011 UART           ARM DDI 0183 "PrimeCell UART (PL011) Technical Reference Manual"
 *   PL190 VIC            ARM DDI 0181 "PrimeCell Vectored Interrupt Controller (PL190) TRM"
 *   SP804 dual timer     ARM DDI 0271 "ARM Dual-Timer Module (SP804) TRM"
 *   system registers     ARM DUI 0224 "RealView Platform Baseboard for ARM926EJ-S User
 *                        Guide", 4.3 "Status and system control registers"
 * Offsets are in bytes from the device's base; each name is the manual's register name
 * with the device as prefix (UARTDR is PL011_DR, VICIRQSTATUS PL190_IRQSTATUS, TimerXLoad
 * SP804_LOAD, SYS_LOCK SYSREG_LOCK). Only fixed-width constants: both toolchains include it.
 * What only a model needs (writable-bit masks, reset and ID values, FIFO depths) stays in
 * the model.
 */
#ifndef CESIM_DEVREGS_H
#define CESIM_DEVREGS_H

/* PL011 UART (DDI 0183). Registers are word-spaced. */
#define PL011_DR 0x000u
#define PL011_RSR 0x004u /* read: UARTRSR; write: UARTECR */
#define PL011_FR 0x018u
#define PL011_ILPR 0x020u
#define PL011_IBRD 0x024u
#define PL011_FBRD 0x028u
#define PL011_LCR_H 0x02Cu
#define PL011_CR 0x030u
#define PL011_IFLS 0x034u
#define PL011_IMSC 0x038u
#define PL011_RIS 0x03Cu
#define PL011_MIS 0x040u
#define PL011_ICR 0x044u
#define PL011_DMACR 0x048u
#define PL011_ID0 0xFE0u /* UARTPeriphID0-3, UARTPCellID0-3 up to 0xFFC */

/* UARTFR. CTS, DSR, DCD and RI are bits 0-2 and 8. */
#define PL011_FR_BUSY (1u << 3)
#define PL011_FR_RXFE (1u << 4) /* receive FIFO empty */
#define PL011_FR_TXFF (1u << 5) /* transmit FIFO full */
#define PL011_FR_RXFF (1u << 6) /* receive FIFO full */
#define PL011_FR_TXFE (1u << 7) /* transmit FIFO empty */

/* UARTRIS, UARTMIS, UARTIMSC and UARTICR share one layout. */
#define PL011_INT_RX (1u << 4)
#define PL011_INT_TX (1u << 5)
#define PL011_INT_OE (1u << 10) /* receive overrun */

#define PL011_RSR_OE (1u << 3) /* receive overrun */

#define PL011_LCR_H_FEN (1u << 4) /* FIFOs enabled */
#define PL011_LCR_H_WLEN_8 (3u << 5)

#define PL011_CR_UARTEN (1u << 0)
#define PL011_CR_LBE (1u << 7) /* loopback */
#define PL011_CR_TXE (1u << 8)
#define PL011_CR_RXE (1u << 9)

/* PL190 vectored interrupt controller (DDI 0181). Word registers only. */
#define PL190_IRQSTATUS 0x000u
#define PL190_FIQSTATUS 0x004u
#define PL190_RAWINTR 0x008u
#define PL190_INTSELECT 0x00Cu  /* 1 = FIQ */
#define PL190_INTENABLE 0x010u  /* write 1s to enable */
#define PL190_INTENCLEAR 0x014u /* write 1s to disable */
#define PL190_SOFTINT 0x018u
#define PL190_SOFTINTCLEAR 0x01Cu
#define PL190_PROTECTION 0x020u
#define PL190_VECTADDR 0x030u
#define PL190_DEFVECTADDR 0x034u
#define PL190_VECTADDR0 0x100u /* ..VICVECTADDR15 at 0x13C */
#define PL190_VECTCNTL0 0x200u /* ..VICVECTCNTL15 at 0x23C */
#define PL190_ITCR 0x300u
#define PL190_ID0 0xFE0u /* VICPERIPHID0-3, VICPCELLID0-3 up to 0xFFC */

#define PL190_ALL_LINES 0xFFFFFFFFu /* every line's bit in the line-mask registers */

/* VICVECTCNTLn. */
#define PL190_VECTCNTL_SOURCE 0x1Fu /* the input line of the slot */
#define PL190_VECTCNTL_ENABLE (1u << 5)

/* SP804 dual timer (DDI 0271): two timers, SP804_TIMER_STRIDE apart. Word registers. */
#define SP804_TIMER_STRIDE 0x20u /* also the size of one timer's registers */
#define SP804_LOAD 0x00u
#define SP804_VALUE 0x04u
#define SP804_CONTROL 0x08u
#define SP804_INTCLR 0x0Cu
#define SP804_RIS 0x10u
#define SP804_MIS 0x14u
#define SP804_BGLOAD 0x18u

/* Module registers. */
#define SP804_ITCR 0xF00u
#define SP804_ITOP 0xF04u
#define SP804_ID0 0xFE0u /* TimerPeriphID0-3, TimerPCellID0-3 up to 0xFFC */

/* TimerXControl. Bit 4 is reserved. */
#define SP804_CTRL_ONESHOT (1u << 0)
#define SP804_CTRL_32BIT (1u << 1)
#define SP804_CTRL_PRESCALE_SHIFT 2
#define SP804_CTRL_PRESCALE_MASK (3u << SP804_CTRL_PRESCALE_SHIFT)
#define SP804_CTRL_PRESCALE_1 (0u << SP804_CTRL_PRESCALE_SHIFT)
#define SP804_CTRL_PRESCALE_16 (1u << SP804_CTRL_PRESCALE_SHIFT)
#define SP804_CTRL_PRESCALE_256 (2u << SP804_CTRL_PRESCALE_SHIFT)
#define SP804_CTRL_INTEN (1u << 5)
#define SP804_CTRL_PERIODIC (1u << 6)
#define SP804_CTRL_ENABLE (1u << 7)

/* Versatile PB system registers (DUI 0224 4.3; SYS_x in the manual). Word registers. */
#define SYSREG_ID 0x00u
#define SYSREG_SW 0x04u
#define SYSREG_LED 0x08u
#define SYSREG_OSC0 0x0Cu /* ..SYS_OSC4 */
#define SYSREG_OSC4 0x1Cu
#define SYSREG_LOCK 0x20u
#define SYSREG_100HZ 0x24u
#define SYSREG_CFGDATA1 0x28u
#define SYSREG_CFGDATA2 0x2Cu
#define SYSREG_FLAGS 0x30u /* read: SYS_FLAGS; write: SYS_FLAGSSET */
#define SYSREG_FLAGSCLR 0x34u
#define SYSREG_NVFLAGS 0x38u /* read: SYS_NVFLAGS; write: SYS_NVFLAGSSET */
#define SYSREG_NVFLAGSCLR 0x3Cu
#define SYSREG_RESETCTL 0x40u
#define SYSREG_PCICTL 0x44u
#define SYSREG_MCI 0x48u
#define SYSREG_FLASH 0x4Cu
#define SYSREG_CLCD 0x50u
#define SYSREG_CLCDSER 0x54u
#define SYSREG_BOOTCS 0x58u
#define SYSREG_24MHZ 0x5Cu
#define SYSREG_MISC 0x60u
#define SYSREG_DMAPSR0 0x64u
#define SYSREG_DMAPSR1 0x68u
#define SYSREG_DMAPSR2 0x6Cu
#define SYSREG_IOSEL 0x70u
#define SYSREG_PLDCTL1 0x74u
#define SYSREG_PLDCTL2 0x78u
#define SYSREG_BUSID 0x80u
#define SYSREG_PROCID0 0x84u
#define SYSREG_PROCID1 0x88u
#define SYSREG_OSCRESET0 0x8Cu /* ..SYS_OSCRESET4 */
#define SYSREG_OSCRESET4 0x9Cu
#define SYSREG_TEST_OSC0 0xC0u /* ..SYS_TEST_OSC4 */
#define SYSREG_TEST_OSC4 0xD0u

#define SYSREG_ID_VALUE 0x41007004u /* SYS_ID as versatilepb reports it */

/* SYS_LOCK: writing the key unlocks the oscillator and reset registers; writing anything
 * else locks them again. LOCKED reads 1 while locked. */
#define SYSREG_LOCK_KEY 0xA05Fu
#define SYSREG_LOCK_VAL_MASK 0xFFFFu
#define SYSREG_LOCK_LOCKED (1u << 16)

#endif
