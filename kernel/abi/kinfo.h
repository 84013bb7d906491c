/*
 * kinfo.h: what the kernel shows the simulator. One block of kernel data at the symbol
 * KINFO_SYM, which the kernel keeps current at the points named below; cesim finds it
 * through the ROM's symbols and reads it straight from guest RAM, with no guest
 * cooperation at run time (DESIGN.md section 2: observe the kernel from outside). On
 * QEMU it is ordinary memory nobody reads, so the same ROM boots unchanged there.
 *
 * Writers: the kernel only, with plain stores. Records are published by writing their
 * sequence number last, so a reader that sees seq N sees record N whole.
 */
#ifndef CESIM_KINFO_H
#define CESIM_KINFO_H

#include <stdint.h>

#define KINFO_SYM "cesim_kinfo"
#define KINFO_MAGIC 0x4F464E4Bu /* "KNFO" */
#define KINFO_VERSION 1u

#define KINFO_RING 64u      /* marshaling calls kept for the simulator to collect */
#define KINFO_LIVE_MAX 128u /* live asynchronous buffers and duplicates (AF3, L1) */
#define KINFO_DIAG_RING 32u /* misuse the kernel detects itself */

/* Thread flags (cur_flags), updated at every context switch and call entry/exit. */
enum kinfo_thread_flags {
    KINFO_THREAD_KERNEL = 1u << 0,  /* a kernel thread (IST, worker): no process of its own */
    KINFO_THREAD_SERVING = 1u << 1, /* runs a call for a caller (syscall, driver entry), whose
                                       user addresses are mapped: serving_pid */
};

enum kinfo_marshal_api {
    KINFO_API_OPEN_CALLER = 1, /* CeOpenCallerBuffer */
    KINFO_API_CLOSE_CALLER,    /* CeCloseCallerBuffer */
    KINFO_API_ALLOC_ASYNC,     /* CeAllocAsynchronousBuffer */
    KINFO_API_FREE_ASYNC,      /* CeFreeAsynchronousBuffer */
    KINFO_API_FLUSH_ASYNC,     /* CeFlushAsynchronousBuffer */
    KINFO_API_ALLOC_DUP,       /* CeAllocDuplicateBuffer */
    KINFO_API_FREE_DUP,        /* CeFreeDuplicateBuffer */
    KINFO_API_COUNT
};

/* The API's own name, for console lines and reports; NULL for a value not in the enum. */
static inline const char *kinfo_api_name(uint32_t api)
{
    static const char *const names[KINFO_API_COUNT] = {
        [KINFO_API_OPEN_CALLER] = "CeOpenCallerBuffer",
        [KINFO_API_CLOSE_CALLER] = "CeCloseCallerBuffer",
        [KINFO_API_ALLOC_ASYNC] = "CeAllocAsynchronousBuffer",
        [KINFO_API_FREE_ASYNC] = "CeFreeAsynchronousBuffer",
        [KINFO_API_FLUSH_ASYNC] = "CeFlushAsynchronousBuffer",
        [KINFO_API_ALLOC_DUP] = "CeAllocDuplicateBuffer",
        [KINFO_API_FREE_DUP] = "CeFreeDuplicateBuffer",
    };
    return api < KINFO_API_COUNT ? names[api] : (const char *)0;
}

enum kinfo_marshal_mode {
    KINFO_MODE_NONE = 0,  /* failed before a mode was chosen */
    KINFO_MODE_DIRECT,    /* the caller's pointer itself (O1, AA1) */
    KINFO_MODE_DUPLICATE, /* a kernel or process copy (O2, O3, AA2, AA5, D1) */
    KINFO_MODE_ALIAS,     /* the caller's pages mapped again (AA3, AA4) */
};

/* One marshaling call. `begin` marks its start (written at entry), the record its end. */
struct kinfo_marshal {
    uint32_t seq;        /* 1, 2, ...; written last */
    uint32_t api;        /* enum kinfo_marshal_api */
    uint32_t mode;       /* enum kinfo_marshal_mode */
    uint32_t bytes;      /* cbSrc as used (strings measured) */
    uint32_t desc;       /* the argument descriptor, MARSHAL_FORCE_ALIAS included */
    uint32_t result;     /* the HRESULT returned */
    uint32_t tid;        /* the thread that made the call */
    uint32_t pid;        /* the process that made the call (the driver's) */
    uint32_t caller_pid; /* the application whose memory is marshaled */
    uint32_t call_site;  /* return address into the driver */
    uint32_t src, dest;  /* source pointer, resulting pointer (0 on failure) */
    uint32_t copied;     /* bytes the kernel copied in or out */
};

enum kinfo_live_kind { KINFO_LIVE_FREE = 0, KINFO_LIVE_DUPLICATE, KINFO_LIVE_ALIAS };

/* A live buffer made by a marshaling call; kind FREE marks an empty slot. */
struct kinfo_live {
    uint32_t kind; /* enum kinfo_live_kind */
    uint32_t api;  /* the call that made it */
    uint32_t dest, src, bytes, desc;
    uint32_t pid, caller_pid, call_site;
};

enum kinfo_diag_kind {
    KINFO_DIAG_MISMATCH = 1, /* AF3: Free/Flush size or MARSHAL_FORCE_ALIAS differs from Alloc */
    KINFO_DIAG_UNKNOWN,      /* AF3: Free/Flush of a pointer no Alloc returned */
    KINFO_DIAG_NO_CALLER,    /* AA6: marshaling a user pointer on a thread serving no caller */
    KINFO_DIAG_USE_AFTER_FREE, /* an access to a freed asynchronous buffer faulted */
};

struct kinfo_diag {
    uint32_t seq; /* written last */
    uint32_t kind; /* enum kinfo_diag_kind */
    uint32_t api, pid, tid, call_site, addr, bytes, desc;
};

struct kinfo {
    uint32_t magic, version;
    /* The running thread. */
    uint32_t cur_pid, cur_tid, cur_flags, serving_pid;
    /* Where marshaling aliases live (AA3): [alias_base, alias_end). */
    uint32_t alias_base, alias_end;
    /* Marshaling calls: `begin_seq` counts entries (begin_tid says whose), `marshal_seq`
     * counts records, record n at ring[(n - 1) % KINFO_RING]. */
    uint32_t begin_seq, begin_tid;
    uint32_t marshal_seq;
    struct kinfo_marshal ring[KINFO_RING];
    /* Live buffers (the kernel's record of AF3 and L1). */
    struct kinfo_live live[KINFO_LIVE_MAX];
    /* Misuse the kernel found; diag n at diags[(n - 1) % KINFO_DIAG_RING]. */
    uint32_t diag_seq;
    struct kinfo_diag diags[KINFO_DIAG_RING];
};

#endif
