/*
 * marshal.hpp: header-only C++ wrappers of the buffer-marshaling API (guest/include/marshal.h,
 * spec/marshal.md section 9): MarshalledBuffer_t (CeOpenCallerBuffer/CeCloseCallerBuffer,
 * optionally followed by CeAllocAsynchronousBuffer), DuplicatedBuffer_t
 * (CeAllocDuplicateBuffer/CeFreeDuplicateBuffer) and AsynchronousBuffer_t
 * (CeAllocAsynchronousBuffer/CeFlushAsynchronousBuffer/CeFreeAsynchronousBuffer).
 *
 * Each object owns at most one marshaled buffer. Rules M1-M6: constructors with arguments
 * allocate, destructors release; a second allocation while allocated, and a release while
 * not allocated, give HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS) and change nothing; after a
 * failed allocation ptr() is NULL and size() 0; the `const void *` overloads refuse a
 * descriptor with the O bit (E_ACCESSDENIED: the caller promised not to write); Flush()
 * while not allocated is HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER).
 *
 * For drivers built with `g++ -fno-exceptions -fno-rtti` and no libstdc++: nothing here
 * throws or allocates. The few run-time pieces a freestanding C++ module may still need
 * (operator new/delete over LocalAlloc, __cxa_pure_virtual, __aeabi_atexit, and running
 * static constructors, which crt0 does for apps but nobody does for drivers) are at the
 * end, as weak definitions so several translation units may include this header.
 */
#ifndef CE_MARSHAL_HPP
#define CE_MARSHAL_HPP

#include "ceapi.h"
#include "marshal.h"

#define MARSHAL_HR_ALREADY_EXISTS HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS)
#define MARSHAL_HR_NOT_SUPPORTED HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED)
#define MARSHAL_HR_INVALID_PARAMETER HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)

/* M5: a read-only source may not carry the O bit. */
static inline bool marshal_desc_writes(DWORD desc)
{
    return (desc & ARG_O_BIT) != 0;
}

/* Open/Close know nothing of MARSHAL_FORCE_ALIAS: it is for the asynchronous calls only. */
static inline DWORD marshal_desc_sync(DWORD desc)
{
    return desc & ~MARSHAL_FORCE_ALIAS;
}

/* ---- AsynchronousBuffer_t: kernel mode (user mode always gets a duplicate, AA5) ---- */

class AsynchronousBuffer_t
{
  public:
    AsynchronousBuffer_t() : m_dest(NULL), m_src(NULL), m_cb(0), m_desc(0)
    {
    }
    AsynchronousBuffer_t(PVOID pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor)
        : AsynchronousBuffer_t()
    {
        Allocate(pSrcMarshalled, cbSrc, ArgumentDescriptor); /* M1 */
    }
    AsynchronousBuffer_t(const void *pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor)
        : AsynchronousBuffer_t()
    {
        Allocate(pSrcMarshalled, cbSrc, ArgumentDescriptor); /* M1 */
    }
    ~AsynchronousBuffer_t()
    {
        if (m_dest)
            Free(); /* M1: no HRESULT to give; use Free() to see it */
    }
    AsynchronousBuffer_t(const AsynchronousBuffer_t &) = delete; /* one owner per buffer */
    AsynchronousBuffer_t &operator=(const AsynchronousBuffer_t &) = delete;

    HRESULT Allocate(PVOID pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor)
    {
        PVOID dest = NULL;
        HRESULT hr;

        if (m_dest)
            return MARSHAL_HR_ALREADY_EXISTS; /* M2 */
        hr = CeAllocAsynchronousBuffer(&dest, pSrcMarshalled, cbSrc, ArgumentDescriptor);
        if (FAILED(hr) || !dest)
            return FAILED(hr) ? hr : E_FAIL; /* M4: the members stay NULL and 0 */
        m_dest = dest;
        m_src = pSrcMarshalled;
        m_cb = cbSrc;
        m_desc = ArgumentDescriptor; /* AF3: Flush and Free repeat it, flag included */
        return hr;
    }
    HRESULT Allocate(const void *pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor)
    {
        if (m_dest)
            return MARSHAL_HR_ALREADY_EXISTS; /* M2 before M5: nothing changes either way */
        if (marshal_desc_writes(ArgumentDescriptor))
            return E_ACCESSDENIED; /* M5 */
        return Allocate(const_cast<PVOID>(pSrcMarshalled), cbSrc, ArgumentDescriptor);
    }
    HRESULT Free()
    {
        HRESULT hr;

        if (!m_dest)
            return MARSHAL_HR_ALREADY_EXISTS; /* M3 */
        hr = CeFreeAsynchronousBuffer(m_dest, m_src, m_cb, m_desc);
        /* AF1/AF2: the kernel releases the buffer even when the write-back failed; only
         * an AF3 refusal (E_INVALIDARG) leaves it alive, and then so does this object. */
        if (hr != E_INVALIDARG)
            reset();
        return hr;
    }
    /* FL1/FL2; NULL as pSrcUnmarshalled: the kernel wrote the source down at Allocate. */
    HRESULT Flush()
    {
        if (!m_dest)
            return MARSHAL_HR_INVALID_PARAMETER; /* M6 */
        return CeFlushAsynchronousBuffer(m_dest, m_src, NULL, m_cb, m_desc);
    }
    LPVOID ptr() const
    {
        return m_dest;
    }
    DWORD size() const
    {
        return m_dest ? m_cb : 0;
    }

  private:
    void reset()
    {
        m_dest = m_src = NULL;
        m_cb = m_desc = 0;
    }
    PVOID m_dest, m_src;
    DWORD m_cb, m_desc;
};

/* ---- DuplicatedBuffer_t: a secure copy of an already-checked parameter (D1, D2) ---- */

class DuplicatedBuffer_t
{
  public:
    DuplicatedBuffer_t() : m_dest(NULL), m_src(NULL), m_cb(0), m_desc(0)
    {
    }
    DuplicatedBuffer_t(PVOID pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor)
        : DuplicatedBuffer_t()
    {
        Allocate(pSrcMarshalled, cbSrc, ArgumentDescriptor); /* M1 */
    }
    DuplicatedBuffer_t(const void *pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor)
        : DuplicatedBuffer_t()
    {
        Allocate(pSrcMarshalled, cbSrc, ArgumentDescriptor); /* M1 */
    }
    ~DuplicatedBuffer_t()
    {
        if (m_dest)
            Free(); /* M1 */
    }
    DuplicatedBuffer_t(const DuplicatedBuffer_t &) = delete;
    DuplicatedBuffer_t &operator=(const DuplicatedBuffer_t &) = delete;

    HRESULT Allocate(PVOID pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor)
    {
        PVOID dest = NULL;
        HRESULT hr;

        if (m_dest)
            return MARSHAL_HR_ALREADY_EXISTS; /* M2 */
        hr = CeAllocDuplicateBuffer(&dest, pSrcMarshalled, cbSrc, ArgumentDescriptor);
        if (FAILED(hr) || !dest)
            return FAILED(hr) ? hr : E_FAIL; /* M4 */
        m_dest = dest;
        m_src = pSrcMarshalled;
        m_cb = cbSrc;
        m_desc = ArgumentDescriptor;
        return hr;
    }
    HRESULT Allocate(const void *pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor)
    {
        if (m_dest)
            return MARSHAL_HR_ALREADY_EXISTS; /* M2 */
        if (marshal_desc_writes(ArgumentDescriptor))
            return E_ACCESSDENIED; /* M5 */
        return Allocate(const_cast<PVOID>(pSrcMarshalled), cbSrc, ArgumentDescriptor);
    }
    HRESULT Free()
    {
        HRESULT hr;

        if (!m_dest)
            return MARSHAL_HR_ALREADY_EXISTS; /* M3 */
        hr = CeFreeDuplicateBuffer(m_dest, m_src, m_cb, m_desc);
        reset(); /* D2: released even when the write-back failed */
        return hr;
    }
    /* There is no kernel call that writes a duplicate back and keeps it (section 9). */
    HRESULT Flush()
    {
        if (!m_dest)
            return MARSHAL_HR_INVALID_PARAMETER; /* M6 */
        return MARSHAL_HR_NOT_SUPPORTED;
    }
    LPVOID ptr() const
    {
        return m_dest;
    }
    DWORD size() const
    {
        return m_dest ? m_cb : 0;
    }

  private:
    void reset()
    {
        m_dest = m_src = NULL;
        m_cb = m_desc = 0;
    }
    PVOID m_dest, m_src;
    DWORD m_cb, m_desc;
};

/* ---- MarshalledBuffer_t: a caller's (embedded) pointer, opened and closed ---- */

class MarshalledBuffer_t
{
  public:
    MarshalledBuffer_t() : m_sync(NULL), m_src(NULL), m_cb(0), m_desc(0)
    {
    }
    MarshalledBuffer_t(PVOID pSrcUnmarshalled, DWORD cbSrc, DWORD ArgumentDescriptor,
                       BOOL ForceDuplicate = TRUE, BOOL Asynchronous = FALSE)
        : MarshalledBuffer_t()
    {
        Marshal(pSrcUnmarshalled, cbSrc, ArgumentDescriptor, ForceDuplicate, Asynchronous);
    }
    MarshalledBuffer_t(const void *pSrcUnmarshalled, DWORD cbSrc, DWORD ArgumentDescriptor,
                       BOOL ForceDuplicate = TRUE, BOOL Asynchronous = FALSE)
        : MarshalledBuffer_t()
    {
        Marshal(pSrcUnmarshalled, cbSrc, ArgumentDescriptor, ForceDuplicate, Asynchronous);
    }
    ~MarshalledBuffer_t()
    {
        if (m_sync)
            Unmarshal(); /* M1 */
    }
    MarshalledBuffer_t(const MarshalledBuffer_t &) = delete;
    MarshalledBuffer_t &operator=(const MarshalledBuffer_t &) = delete;

    /* Open (O1-O3), then, when Asynchronous, an asynchronous buffer over the opened one
     * (AA1-AA5): both are kept, so Unmarshal can write back through both levels. */
    HRESULT Marshal(PVOID pSrcUnmarshalled, DWORD cbSrc, DWORD ArgumentDescriptor,
                    BOOL ForceDuplicate = TRUE, BOOL Asynchronous = FALSE)
    {
        PVOID sync = NULL;
        HRESULT hr;

        if (m_sync)
            return MARSHAL_HR_ALREADY_EXISTS; /* M2 */
        hr = CeOpenCallerBuffer(&sync, pSrcUnmarshalled, cbSrc,
                                marshal_desc_sync(ArgumentDescriptor), ForceDuplicate);
        if (FAILED(hr) || !sync)
            return FAILED(hr) ? hr : E_FAIL; /* M4 */
        if (Asynchronous) {
            hr = m_async.Allocate(sync, cbSrc, ArgumentDescriptor);
            if (FAILED(hr)) {
                /* V3 for the pair: nothing stays allocated. */
                CeCloseCallerBuffer(sync, pSrcUnmarshalled, cbSrc,
                                    marshal_desc_sync(ArgumentDescriptor));
                return hr;
            }
        }
        m_sync = sync;
        m_src = pSrcUnmarshalled;
        m_cb = cbSrc;
        m_desc = ArgumentDescriptor;
        return hr;
    }
    HRESULT Marshal(const void *pSrcUnmarshalled, DWORD cbSrc, DWORD ArgumentDescriptor,
                    BOOL ForceDuplicate = TRUE, BOOL Asynchronous = FALSE)
    {
        if (m_sync)
            return MARSHAL_HR_ALREADY_EXISTS; /* M2 */
        if (marshal_desc_writes(ArgumentDescriptor))
            return E_ACCESSDENIED; /* M5 */
        return Marshal(const_cast<PVOID>(pSrcUnmarshalled), cbSrc, ArgumentDescriptor,
                       ForceDuplicate, Asynchronous);
    }
    /* Asynchronous part first (its write-back lands in the opened buffer), then the
     * close (C1: its write-back reaches the caller). The first failure is returned. */
    HRESULT Unmarshal()
    {
        HRESULT hr = S_OK, hr2;

        if (!m_sync)
            return MARSHAL_HR_ALREADY_EXISTS; /* M3 */
        if (m_async.ptr())
            hr = m_async.Free();
        hr2 = CeCloseCallerBuffer(m_sync, m_src, m_cb, marshal_desc_sync(m_desc));
        m_sync = m_src = NULL;
        m_cb = m_desc = 0;
        return FAILED(hr) ? hr : hr2;
    }
    /* Only an asynchronous buffer can be written back and kept (FL2); an opened
     * duplicate is written back by its close alone. */
    HRESULT Flush()
    {
        if (!m_sync)
            return MARSHAL_HR_INVALID_PARAMETER; /* M6 */
        if (!m_async.ptr())
            return MARSHAL_HR_NOT_SUPPORTED;
        return CeFlushAsynchronousBuffer(m_async.ptr(), m_sync, m_src, m_cb, m_desc);
    }
    LPVOID ptr() const
    {
        return m_async.ptr() ? m_async.ptr() : m_sync;
    }
    DWORD size() const
    {
        return m_sync ? m_cb : 0;
    }

  private:
    PVOID m_sync, m_src;
    DWORD m_cb, m_desc;
    AsynchronousBuffer_t m_async;
};

/* ---- the freestanding C++ run time of a module (weak: any number of includers) ---- */

#define CE_CXX_WEAK __attribute__((weak))

CE_CXX_WEAK void *operator new(size_t n)
{
    return LocalAlloc(0, n); /* LMEM_FIXED; NULL on failure: -fno-exceptions */
}
CE_CXX_WEAK void *operator new[](size_t n)
{
    return LocalAlloc(0, n);
}
CE_CXX_WEAK void operator delete(void *p) noexcept
{
    if (p)
        LocalFree(p);
}
CE_CXX_WEAK void operator delete[](void *p) noexcept
{
    if (p)
        LocalFree(p);
}
CE_CXX_WEAK void operator delete(void *p, size_t) noexcept
{
    if (p)
        LocalFree(p);
}
CE_CXX_WEAK void operator delete[](void *p, size_t) noexcept
{
    if (p)
        LocalFree(p);
}

extern "C" {
/* A pure virtual called through a half-built object: stop where a debugger can see it. */
CE_CXX_WEAK void __cxa_pure_virtual(void)
{
    for (;;)
        ;
}
/* Destructors of static objects: modules are never unloaded mid-run, so never run. */
CE_CXX_WEAK int __aeabi_atexit(void *obj, void (*dtor)(void *), void *dso)
{
    (void)obj, (void)dtor, (void)dso;
    return 0;
}
CE_CXX_WEAK void *__dso_handle = 0;

typedef void (*ce_cxx_init_fn)(void);
extern ce_cxx_init_fn __init_array_start[], __init_array_end[]; /* guest/module.ld */

/* crt0 runs an app's static constructors; a driver has no crt0, so its XXX_Init calls
 * this once (the module's own table: every module is linked on its own). */
static inline void CeCxxRunConstructors(void)
{
    for (ce_cxx_init_fn *f = __init_array_start; f < __init_array_end; f++)
        (*f)();
}
}

#endif
