/*
 * rom_build.c: the ROM image builder (`cesim mkrom`), see rom_build.h for the image's
 * layout and the placement and relocation rules.
 *
 * The build runs in three steps on an in-memory list of segments and symbols: add the
 * kernel (segments copied, symbols kept), add each module (placed, copied, relocated in
 * the copy, exports looked up, symbols renamed), then fill the TOC and write everything
 * with libelf. Every input is checked on the way in; nothing is written until all of
 * it has passed.
 */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "board.h"
#include "rom.h"
#include "rom_build.h"
#include "rom_image.h"
#include "scenario.h"
#include "vm.h"

/* The TOC is copied byte for byte into guest memory: its layout must be the guest's. */
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "rom_build.c writes the little-endian TOC with the host's byte order"
#endif
_Static_assert(sizeof(struct rom_module) == 204, "rom_module layout changed: bump ROM_TOC_VERSION");
_Static_assert(sizeof(struct rom_toc) <= ROM_TOC_MAX, "the TOC must fit below KERNEL_LOAD_PA");

#define RB_PAGE_ALIGN(x) (((x) + VM_PAGE_SIZE - 1) & ~(uint64_t)(VM_PAGE_SIZE - 1))
#define RB_GRANULE_ALIGN(x) (((x) + VM_ALLOC_GRANULE - 1) & ~(uint64_t)(VM_ALLOC_GRANULE - 1))
#define RB_NAME_MAX 48

/*
 * One PT_LOAD of the ROM, and the section that names it (section index = segment + 1).
 * `va` is where the bytes run: the section's address, so symbols, objdump and gdb see
 * run addresses. The PT_LOAD's p_vaddr is `va` for the kernel (as linked) but the
 * physical address for modules and the TOC: QEMU treats e_entry as virtual and moves it
 * into any executable segment whose p_vaddr range holds it and p_vaddr != p_paddr, and
 * every app's text runs at VM_USER_IMAGE, which is also where the kernel's entry is.
 */
struct rb_seg {
    char name[RB_NAME_MAX];
    uint32_t pa, va, p_vaddr, filesz, memsz, flags;
    uint8_t *bytes; /* filesz bytes, owned */
};

struct rb_sym {
    char *name;
    GElf_Sym sym; /* st_shndx already a ROM section index (or SHN_ABS/SHN_UNDEF) */
};

struct rb {
    const struct scenario *sc;
    char *err;
    size_t errlen;
    struct rb_seg *segs;
    size_t nsegs;
    struct rb_sym *syms;
    size_t nsyms;
    struct rom_toc *toc;
    uint32_t entry;
    uint32_t e_flags;
    uint32_t ram_size;
    uint32_t pa_next;  /* next free physical page for a module */
    uint32_t kva_next; /* next kernel-mode driver range */
};

/* A module ELF being placed. Segment 0 is text, 1 data (linked addresses). */
struct rb_mod {
    const struct scenario_module *sm;
    char name[ROM_NAME_MAX]; /* the TOC's: app NAME, or prefix + index */
    char path[PATH_MAX];
    struct rom_elf e;
    GElf_Phdr seg[2];
    uint32_t va[2];    /* where each segment runs */
    uint32_t delta[2]; /* va - linked address, modulo 2^32 */
    uint8_t *bytes[2]; /* filesz bytes of each, relocated in place */
    int8_t *secseg;    /* per section: 0 text, 1 data, -1 not loaded */
    size_t symndx, strndx, nsyms;
    struct rom_module *out;
};

static void rb_fail(struct rb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void rb_fail(struct rb *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(b->err, b->errlen, fmt, ap);
    va_end(ap);
}

/* Prefix the message already in b->err (from a helper) with `what: `. */
static void rb_prefix(struct rb *b, const char *what)
{
    char *tail = strdup(b->err);

    if (tail) {
        snprintf(b->err, b->errlen, "%s: %s", what, tail);
        free(tail);
    }
}

static void *rb_alloc(struct rb *b, size_t n)
{
    void *p = calloc(1, n ? n : 1);

    if (!p)
        rb_fail(b, "out of memory");
    return p;
}

/* ---- segments and symbols of the ROM ---- */

static struct rb_seg *rb_add_seg(struct rb *b, const char *name, uint32_t pa, uint32_t va,
                                 uint32_t filesz, uint32_t memsz, uint32_t flags,
                                 const uint8_t *bytes)
{
    struct rb_seg *segs = realloc(b->segs, (b->nsegs + 1) * sizeof(*segs));
    struct rb_seg *s;

    if (!segs) {
        rb_fail(b, "out of memory");
        return NULL;
    }
    b->segs = segs;
    s = &b->segs[b->nsegs];
    memset(s, 0, sizeof(*s));
    s->bytes = rb_alloc(b, filesz);
    if (!s->bytes)
        return NULL;
    memcpy(s->bytes, bytes, filesz);
    snprintf(s->name, sizeof(s->name), "%s", name);
    s->pa = pa;
    s->va = va;
    s->p_vaddr = pa; /* rb_kernel_seg() keeps the kernel's linked p_vaddr */
    s->filesz = filesz;
    s->memsz = memsz;
    s->flags = flags;
    b->nsegs++;
    return s;
}

static int rb_add_sym(struct rb *b, const char *name, const GElf_Sym *sym)
{
    struct rb_sym *syms;

    if (b->nsyms % 256 == 0) {
        syms = realloc(b->syms, (b->nsyms + 256) * sizeof(*syms));
        if (!syms) {
            rb_fail(b, "out of memory");
            return -1;
        }
        b->syms = syms;
    }
    b->syms[b->nsyms].name = strdup(name);
    if (!b->syms[b->nsyms].name) {
        rb_fail(b, "out of memory");
        return -1;
    }
    b->syms[b->nsyms].sym = *sym;
    b->nsyms++;
    return 0;
}

/* ---- the kernel ---- */

/* The ROM section of the kernel segment holding kernel section `shndx`, or SHN_ABS. */
static unsigned rb_kernel_shndx(const struct rom_elf *e, unsigned shndx, size_t first_seg,
                                const struct rb *b)
{
    GElf_Shdr sh;

    if (shndx == SHN_UNDEF || shndx >= SHN_LORESERVE)
        return shndx;
    if (rom_elf_shdr(e, shndx, &sh, NULL, 0) < 0 || !(sh.sh_flags & SHF_ALLOC))
        return SHN_ABS;
    for (size_t i = first_seg; i < b->nsegs; i++) {
        if (sh.sh_addr >= b->segs[i].va && sh.sh_addr - b->segs[i].va <= b->segs[i].memsz)
            return (unsigned)i + 1;
    }
    return SHN_ABS;
}

/* The kernel's symbols, unchanged but for their section index (sections are not kept). */
static int rb_kernel_syms(struct rb *b, const struct rom_elf *e, size_t first_seg)
{
    size_t symndx, nsyms, strndx;

    if (rom_elf_symtab(e, &symndx, &nsyms, &strndx, b->err, b->errlen) < 0)
        return -1;
    for (size_t i = 1; i < nsyms; i++) {
        GElf_Sym s;
        const char *name;

        if (rom_elf_sym(e, symndx, strndx, i, &s, &name, b->err, b->errlen) < 0)
            return -1;
        if (GELF_ST_TYPE(s.st_info) == STT_SECTION)
            continue;
        s.st_shndx = (uint16_t)rb_kernel_shndx(e, s.st_shndx, first_seg, b);
        if (rb_add_sym(b, name, &s) < 0)
            return -1;
    }
    return 0;
}

/* A kernel PT_LOAD: in RAM, clear of the TOC window below KERNEL_LOAD_PA. */
static int rb_kernel_seg(struct rb *b, const struct rom_elf *e, const GElf_Phdr *ph, size_t index)
{
    char name[RB_NAME_MAX];
    struct rb_seg *s;
    uint64_t end = ph->p_paddr + ph->p_memsz;

    if (ph->p_paddr < KERNEL_LOAD_PA && end > ROM_TOC_PA) {
        rb_fail(b, "%s: segment at 0x%08llx-0x%08llx overlaps the TOC window 0x%08x-0x%08x",
                e->path, (unsigned long long)ph->p_paddr, (unsigned long long)end, ROM_TOC_PA,
                KERNEL_LOAD_PA);
        return -1;
    }
    if (end > b->ram_size) {
        rb_fail(b, "%s: segment at 0x%08llx-0x%08llx does not fit in RAM (%u MB)", e->path,
                (unsigned long long)ph->p_paddr, (unsigned long long)end, b->ram_size >> 20);
        return -1;
    }
    snprintf(name, sizeof(name), ".kernel.%zu", index);
    s = rb_add_seg(b, name, (uint32_t)ph->p_paddr, (uint32_t)ph->p_vaddr, (uint32_t)ph->p_filesz,
                   (uint32_t)ph->p_memsz, ph->p_flags, e->buf + ph->p_offset);
    if (!s)
        return -1;
    s->p_vaddr = s->va;
    if (end > b->pa_next)
        b->pa_next = (uint32_t)RB_PAGE_ALIGN(end);
    return 0;
}

/* The entry point is physical (QEMU and cesim start with the MMU off). */
static int rb_kernel_entry(struct rb *b, const struct rom_elf *e, size_t first_seg)
{
    b->entry = (uint32_t)e->ehdr.e_entry;
    for (size_t i = first_seg; i < b->nsegs; i++) {
        const struct rb_seg *s = &b->segs[i];

        if (b->entry >= s->pa && b->entry - s->pa < s->filesz && (s->flags & PF_X))
            return 0;
    }
    rb_fail(b,
            "%s: entry point 0x%08x is not in an executable segment at its physical "
            "address (link the kernel's entry at its load address)",
            e->path, b->entry);
    return -1;
}

static int rb_kernel_load(struct rb *b, const struct rom_elf *e)
{
    size_t first_seg = b->nsegs;
    GElf_Phdr ph;

    for (size_t i = 0; i < e->nphdr; i++) {
        if (rom_elf_phdr(e, i, &ph, b->err, b->errlen) < 0)
            return -1;
        if (ph.p_type == PT_LOAD && ph.p_memsz &&
            rb_kernel_seg(b, e, &ph, b->nsegs - first_seg) < 0)
            return -1;
    }
    if (b->nsegs == first_seg) {
        rb_fail(b, "%s: no loadable segment", e->path);
        return -1;
    }
    b->e_flags = (uint32_t)e->ehdr.e_flags;
    if (rb_kernel_entry(b, e, first_seg) < 0)
        return -1;
    return rb_kernel_syms(b, e, first_seg);
}

static int rb_add_kernel(struct rb *b)
{
    char path[PATH_MAX], where[PATH_MAX + 64];
    struct rom_elf e;
    int rc;

    if (scenario_image_path(b->sc, "kernel", path, sizeof(path), b->err, b->errlen) < 0)
        return -1;
    if (rom_elf_open(&e, path, b->err, b->errlen) < 0) {
        scenario_where(b->sc, "kernel", "image", where, sizeof(where));
        rb_prefix(b, where);
        return -1;
    }
    rc = rb_kernel_load(b, &e);
    rom_elf_close(&e);
    if (b->pa_next < KERNEL_LOAD_PA)
        b->pa_next = KERNEL_LOAD_PA;
    return rc;
}

/* ---- modules: segments ---- */

/* Text (R-X) and data (RW) as guest/module.ld makes them; data may be empty. */
static int rb_mod_classify(struct rb *b, struct rb_mod *m, const GElf_Phdr *ph, int *nload)
{
    int which = (ph->p_flags & PF_X) ? 0 : 1;

    if (++*nload > 2) {
        rb_fail(b, "%s: more than two loadable segments (link with guest/module.ld)", m->path);
        return -1;
    }
    if ((ph->p_flags & PF_X) && (ph->p_flags & PF_W)) {
        rb_fail(b, "%s: a segment is both writable and executable (link with guest/module.ld)",
                m->path);
        return -1;
    }
    if (m->seg[which].p_type == PT_LOAD) {
        rb_fail(b, "%s: two %s segments (link with guest/module.ld)", m->path,
                which ? "data" : "text");
        return -1;
    }
    m->seg[which] = *ph;
    return 0;
}

static int rb_mod_check_segs(struct rb *b, struct rb_mod *m)
{
    const GElf_Phdr *t = &m->seg[0], *d = &m->seg[1];

    if (t->p_type != PT_LOAD || t->p_filesz == 0) {
        rb_fail(b, "%s: no text segment", m->path);
        return -1;
    }
    if (t->p_filesz != t->p_memsz) {
        rb_fail(b, "%s: text segment has zero-filled bytes (bss belongs in data)", m->path);
        return -1;
    }
    if (d->p_type != PT_LOAD) { /* no data at all: an empty one after the text */
        m->seg[1].p_type = PT_LOAD;
        m->seg[1].p_vaddr = RB_PAGE_ALIGN(t->p_vaddr + t->p_memsz);
    }
    if (t->p_vaddr % VM_PAGE_SIZE || d->p_vaddr % VM_PAGE_SIZE) {
        rb_fail(b, "%s: segments not page aligned (link with guest/module.ld)", m->path);
        return -1;
    }
    if (d->p_vaddr < t->p_vaddr + t->p_memsz) {
        rb_fail(b, "%s: data segment does not follow the text segment", m->path);
        return -1;
    }
    return 0;
}

static int rb_mod_segments(struct rb *b, struct rb_mod *m)
{
    GElf_Phdr ph;
    int nload = 0;

    for (size_t i = 0; i < m->e.nphdr; i++) {
        if (rom_elf_phdr(&m->e, i, &ph, b->err, b->errlen) < 0)
            return -1;
        if (ph.p_type == PT_LOAD && rb_mod_classify(b, m, &ph, &nload) < 0)
            return -1;
    }
    return rb_mod_check_segs(b, m);
}

/* Which segment each section was linked into (see rom_build.h): by its start address. */
static int rb_mod_map_sections(struct rb *b, struct rb_mod *m)
{
    GElf_Shdr sh;

    m->secseg = rb_alloc(b, m->e.nshdr);
    if (!m->secseg)
        return -1;
    for (size_t i = 0; i < m->e.nshdr; i++) {
        m->secseg[i] = -1;
        if (i == 0)
            continue;
        if (rom_elf_shdr(&m->e, i, &sh, b->err, b->errlen) < 0)
            return -1;
        if (!(sh.sh_flags & SHF_ALLOC))
            continue;
        /* Inside a segment first; an empty section at a boundary goes to the one it starts. */
        for (int s = 0; s < 2 && m->secseg[i] < 0; s++) {
            if (sh.sh_addr >= m->seg[s].p_vaddr &&
                sh.sh_addr - m->seg[s].p_vaddr < m->seg[s].p_memsz)
                m->secseg[i] = (int8_t)s;
        }
        for (int s = 1; s >= 0 && m->secseg[i] < 0; s--) {
            if (sh.sh_addr >= m->seg[s].p_vaddr &&
                sh.sh_addr - m->seg[s].p_vaddr <= m->seg[s].p_memsz)
                m->secseg[i] = (int8_t)s;
        }
    }
    return 0;
}

/* ---- modules: placement ---- */

static int rb_mod_place_va(struct rb *b, struct rb_mod *m, bool kernel_mode)
{
    uint64_t text = m->seg[0].p_memsz, data = m->seg[1].p_memsz;
    uint64_t base = kernel_mode ? b->kva_next : VM_USER_IMAGE;
    uint64_t limit = kernel_mode ? VM_KDRIVERS_END : VM_USER_END;
    uint64_t data_va = base + RB_GRANULE_ALIGN(text);
    uint64_t end = data_va + (data ? RB_GRANULE_ALIGN(data) : VM_ALLOC_GRANULE);

    if (end > limit) {
        rb_fail(b, "%s: does not fit below 0x%08llx (text %llu, data+bss %llu bytes)", m->path,
                (unsigned long long)limit, (unsigned long long)text, (unsigned long long)data);
        return -1;
    }
    m->va[0] = (uint32_t)base;
    m->va[1] = (uint32_t)data_va;
    m->delta[0] = (uint32_t)(base - m->seg[0].p_vaddr);
    m->delta[1] = (uint32_t)(data_va - m->seg[1].p_vaddr);
    if (kernel_mode)
        b->kva_next = (uint32_t)end;
    return 0;
}

static int rb_mod_place_pa(struct rb *b, struct rb_mod *m)
{
    uint64_t text_pa = b->pa_next;
    uint64_t data_pa = text_pa + RB_PAGE_ALIGN(m->seg[0].p_filesz);
    uint64_t end = data_pa + RB_PAGE_ALIGN(m->seg[1].p_filesz);

    if (end > b->ram_size) {
        rb_fail(b, "%s: the image does not fit in RAM: needs %llu KB, board.ram is %u KB", m->path,
                (unsigned long long)(end >> 10), b->ram_size >> 10);
        return -1;
    }
    m->out->text_pa = (uint32_t)text_pa;
    m->out->data_pa = (uint32_t)data_pa;
    b->pa_next = (uint32_t)end;
    return 0;
}

static int rb_mod_copy(struct rb *b, struct rb_mod *m)
{
    for (int s = 0; s < 2; s++) {
        m->bytes[s] = rb_alloc(b, m->seg[s].p_filesz);
        if (!m->bytes[s])
            return -1;
        if (m->seg[s].p_filesz)
            memcpy(m->bytes[s], m->e.buf + m->seg[s].p_offset, m->seg[s].p_filesz);
    }
    return 0;
}

/* ---- modules: relocation ---- */

static const char *rb_rel_name(unsigned type)
{
    static const struct {
        unsigned type;
        const char *name;
    } names[] = {
        {R_ARM_NONE, "R_ARM_NONE"},
        {R_ARM_PC24, "R_ARM_PC24"},
        {R_ARM_ABS32, "R_ARM_ABS32"},
        {R_ARM_REL32, "R_ARM_REL32"},
        {R_ARM_THM_PC22, "R_ARM_THM_CALL"},
        {R_ARM_CALL, "R_ARM_CALL"},
        {R_ARM_JUMP24, "R_ARM_JUMP24"},
        {R_ARM_THM_JUMP24, "R_ARM_THM_JUMP24"},
        {R_ARM_TARGET1, "R_ARM_TARGET1"},
        {R_ARM_V4BX, "R_ARM_V4BX"},
        {R_ARM_TARGET2, "R_ARM_TARGET2"},
        {R_ARM_PREL31, "R_ARM_PREL31"},
        {R_ARM_MOVW_ABS_NC, "R_ARM_MOVW_ABS_NC"},
        {R_ARM_MOVT_ABS, "R_ARM_MOVT_ABS"},
        {R_ARM_GOT32, "R_ARM_GOT_BREL"},
        {R_ARM_GOTOFF, "R_ARM_GOTOFF32"},
        {R_ARM_GOTPC, "R_ARM_BASE_PREL"},
        {R_ARM_TLS_LE32, "R_ARM_TLS_LE32"},
    };

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (names[i].type == type)
            return names[i].name;
    }
    return "unknown type";
}

/* One relocation being applied, for its error messages. */
struct rb_rel {
    const char *secname; /* the section relocated, e.g. ".text" */
    uint32_t sec_addr;   /* its linked address */
    uint32_t offset;     /* r_offset: a linked address in an executable */
    unsigned type;
    unsigned symi;
};

static void rb_rel_fail(struct rb *b, const struct rb_mod *m, const struct rb_rel *r,
                        const char *why)
{
    rb_fail(b, "%s [%s]: relocation %s (%u) at %s+0x%x (0x%08x): %s", m->path, m->sm->section,
            rb_rel_name(r->type), r->type, r->secname, r->offset - r->sec_addr, r->offset, why);
}

/*
 * How the relocation's target moves: *delta, and whether it is undefined (a weak
 * reference the linker resolved in place). Absolute symbols do not move.
 */
static int rb_rel_target(struct rb *b, const struct rb_mod *m, const struct rb_rel *r,
                         uint32_t *delta, bool *undef)
{
    GElf_Sym s;
    const char *name;

    *delta = 0;
    *undef = false;
    if (r->symi >= m->nsyms ||
        rom_elf_sym(&m->e, m->symndx, m->strndx, r->symi, &s, &name, b->err, b->errlen) < 0) {
        rb_rel_fail(b, m, r, "bad symbol index");
        return -1;
    }
    if (s.st_shndx == SHN_UNDEF) {
        *undef = true;
        return 0;
    }
    if (s.st_shndx == SHN_ABS)
        return 0;
    if (s.st_shndx >= m->e.nshdr || m->secseg[s.st_shndx] < 0) {
        rb_rel_fail(b, m, r, "target symbol is not in a loaded section");
        return -1;
    }
    *delta = m->delta[m->secseg[s.st_shndx]];
    return 0;
}

/* The segment whose file bytes hold the 4-byte place at r->offset, or -1. */
static int rb_rel_place(const struct rb_mod *m, uint32_t offset)
{
    for (int s = 0; s < 2; s++) {
        const GElf_Phdr *p = &m->seg[s];

        if (offset >= p->p_vaddr && p->p_filesz >= 4 && offset - p->p_vaddr <= p->p_filesz - 4)
            return s;
    }
    return -1;
}

static uint32_t rb_get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void rb_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* Move a signed field of `bits` bits (in units of `scale` bytes) by `diff` bytes. */
static int rb_adjust_field(uint32_t *word, unsigned bits, unsigned scale, int64_t diff)
{
    uint32_t mask = (bits == 32) ? UINT32_MAX : ((1u << bits) - 1);
    int64_t field = (int64_t)(*word & mask);

    if (diff % scale)
        return -1;
    if (field & ((int64_t)1 << (bits - 1)))
        field -= (int64_t)1 << bits; /* sign extend */
    field += diff / scale;
    if (field < -((int64_t)1 << (bits - 1)) || field >= ((int64_t)1 << (bits - 1)))
        return -1;
    *word = (*word & ~mask) | ((uint32_t)field & mask);
    return 0;
}

static int rb_apply_rel(struct rb *b, struct rb_mod *m, const struct rb_rel *r)
{
    uint32_t dst, word;
    bool undef;
    int place;
    int64_t pcrel;

    if (r->type == R_ARM_NONE || r->type == R_ARM_V4BX)
        return 0; /* V4BX marks a BX for v4 fix-ups: nothing moves */
    place = rb_rel_place(m, r->offset);
    if (place < 0) {
        rb_rel_fail(b, m, r, "place outside the module's initialised bytes");
        return -1;
    }
    if (rb_rel_target(b, m, r, &dst, &undef) < 0)
        return -1;
    uint8_t *p = m->bytes[place] + (r->offset - m->seg[place].p_vaddr);
    word = rb_get32(p);
    /* Target delta minus place delta: 0 when both lie in the same segment. */
    pcrel = undef ? 0 : (int64_t)(int32_t)(dst - m->delta[place]);
    switch (r->type) {
    case R_ARM_ABS32:
    case R_ARM_TARGET1: /* ABS32 in arm-none-eabi (.init_array, .ctors) */ word += dst; break;
    case R_ARM_REL32: word += (uint32_t)pcrel; break;
    case R_ARM_PREL31:
        if (rb_adjust_field(&word, 31, 1, pcrel) < 0)
            goto range;
        break;
    case R_ARM_CALL:
    case R_ARM_JUMP24:
    case R_ARM_PC24:
        if (rb_adjust_field(&word, 24, 4, pcrel) < 0)
            goto range;
        break;
    default:
        rb_rel_fail(b, m, r,
                    "type not supported (modules are ARM code for the ARM926, "
                    "built with the Makefile's GUEST_CFLAGS)");
        return -1;
    }
    rb_put32(p, word);
    return 0;
range:
    rb_rel_fail(b, m, r, "target out of reach after relocation");
    return -1;
}

/* One SHT_REL section: relocations for an allocated section are applied, others skipped. */
static int rb_mod_rel_section(struct rb *b, struct rb_mod *m, size_t i, const GElf_Shdr *sh,
                              size_t *applied)
{
    GElf_Shdr target;
    Elf_Data *d;
    size_t n;
    struct rb_rel r;

    if (sh->sh_info == 0 || sh->sh_info >= m->e.nshdr ||
        rom_elf_shdr(&m->e, sh->sh_info, &target, b->err, b->errlen) < 0) {
        rb_fail(b, "%s: relocation section %zu: bad target section", m->path, i);
        return -1;
    }
    if (!(target.sh_flags & SHF_ALLOC))
        return 0; /* debug information: not in the ROM */
    d = elf_getdata(elf_getscn(m->e.elf, i), NULL);
    if (sh->sh_link != m->symndx || sh->sh_entsize != sizeof(Elf32_Rel) || !d) {
        rb_fail(b, "%s: relocation section %zu is corrupt", m->path, i);
        return -1;
    }
    n = sh->sh_size / sizeof(Elf32_Rel);
    r.secname = rom_elf_secname(&m->e, &target);
    r.sec_addr = (uint32_t)target.sh_addr;
    for (size_t k = 0; k < n; k++) {
        GElf_Rel rel;

        if (!gelf_getrel(d, (int)k, &rel)) {
            rb_fail(b, "%s: relocation section %zu is corrupt", m->path, i);
            return -1;
        }
        r.offset = (uint32_t)rel.r_offset;
        r.type = (unsigned)GELF_R_TYPE(rel.r_info);
        r.symi = (unsigned)GELF_R_SYM(rel.r_info);
        if (rb_apply_rel(b, m, &r) < 0)
            return -1;
    }
    *applied += 1;
    return 0;
}

static int rb_mod_relocate(struct rb *b, struct rb_mod *m)
{
    size_t sections = 0;
    GElf_Shdr sh;

    for (size_t i = 1; i < m->e.nshdr; i++) {
        if (rom_elf_shdr(&m->e, i, &sh, b->err, b->errlen) < 0)
            return -1;
        if (sh.sh_type == SHT_RELA && sh.sh_info < m->e.nshdr && m->secseg[sh.sh_info] >= 0) {
            rb_fail(b, "%s: RELA relocations (not an ARM EABI module?)", m->path);
            return -1;
        }
        if (sh.sh_type == SHT_REL && rb_mod_rel_section(b, m, i, &sh, &sections) < 0)
            return -1;
    }
    if (sections == 0) {
        /* Without them the module cannot move: it must be linked with --emit-relocs. */
        rb_fail(b, "%s: no relocations for its code or data (link with -Wl,--emit-relocs)",
                m->path);
        return -1;
    }
    return 0;
}

/* ---- modules: symbols and exports ---- */

/* A defined symbol's relocated value, and its segment (0, 1; -1 for absolute). */
static int rb_mod_sym_value(const struct rb_mod *m, const GElf_Sym *s, uint32_t *value, int *seg)
{
    *seg = -1;
    *value = (uint32_t)s->st_value;
    if (s->st_shndx == SHN_UNDEF || s->st_shndx == SHN_COMMON)
        return -1;
    if (s->st_shndx == SHN_ABS)
        return 0;
    if (s->st_shndx >= m->e.nshdr || m->secseg[s->st_shndx] < 0)
        return -1;
    *seg = m->secseg[s->st_shndx];
    *value += m->delta[*seg];
    return 0;
}

/* A text symbol's relocated address by name; 0 when absent (or not in the text). */
static int rb_mod_find_func(struct rb *b, const struct rb_mod *m, const char *want, uint32_t *addr)
{
    *addr = 0;
    for (size_t i = 1; i < m->nsyms; i++) {
        GElf_Sym s;
        const char *name;
        int seg;
        uint32_t v;

        if (rom_elf_sym(&m->e, m->symndx, m->strndx, i, &s, &name, b->err, b->errlen) < 0)
            return -1;
        if (strcmp(name, want) != 0 || GELF_ST_BIND(s.st_info) == STB_LOCAL)
            continue;
        if (rb_mod_sym_value(m, &s, &v, &seg) == 0 && seg == 0) {
            *addr = v;
            return 0;
        }
    }
    return 0;
}

static int rb_mod_exports(struct rb *b, struct rb_mod *m, const char *prefix)
{
    static const char *const suffix[ROM_EXP_COUNT] = {
        [ROM_EXP_INIT] = "Init",   [ROM_EXP_DEINIT] = "Deinit",       [ROM_EXP_OPEN] = "Open",
        [ROM_EXP_CLOSE] = "Close", [ROM_EXP_IOCONTROL] = "IOControl",
    };
    char want[64];

    for (int x = 0; x < ROM_EXP_COUNT; x++) {
        snprintf(want, sizeof(want), "%s_%s", prefix, suffix[x]);
        if (rb_mod_find_func(b, m, want, &m->out->exports[x]) < 0)
            return -1;
        if (!m->out->exports[x] && (x == ROM_EXP_INIT || x == ROM_EXP_IOCONTROL)) {
            rb_fail(b,
                    "%s [%s]: missing symbol %s (a driver with prefix %s exports at least "
                    "%s_Init and %s_IOControl)",
                    m->path, m->sm->section, want, prefix, prefix, prefix);
            return -1;
        }
    }
    return 0;
}

static int rb_mod_entry(struct rb *b, struct rb_mod *m)
{
    if (rb_mod_find_func(b, m, "_start", &m->out->entry) < 0)
        return -1;
    if (!m->out->entry) {
        rb_fail(b, "%s [%s]: missing symbol _start in its text", m->path, m->sm->section);
        return -1;
    }
    return 0;
}

/* Functions and objects, relocated, as "<module>!<symbol>", in the module's ROM sections. */
static int rb_mod_syms(struct rb *b, const struct rb_mod *m, size_t text_sec, size_t data_sec)
{
    for (size_t i = 1; i < m->nsyms; i++) {
        GElf_Sym s;
        const char *name;
        char full[256];
        unsigned type;
        uint32_t v;
        int seg;

        if (rom_elf_sym(&m->e, m->symndx, m->strndx, i, &s, &name, b->err, b->errlen) < 0)
            return -1;
        type = GELF_ST_TYPE(s.st_info);
        if ((type != STT_FUNC && type != STT_OBJECT) || rb_mod_sym_value(m, &s, &v, &seg) < 0)
            continue;
        snprintf(full, sizeof(full), "%s!%s", m->name, name);
        s.st_value = v;
        s.st_shndx = (uint16_t)(seg == 0 ? text_sec : seg == 1 && data_sec ? data_sec : SHN_ABS);
        if (rb_add_sym(b, full, &s) < 0)
            return -1;
    }
    return 0;
}

/* ---- modules: the whole of one ---- */

static int rb_mod_open(struct rb *b, struct rb_mod *m)
{
    char where[PATH_MAX + 64];

    if (scenario_image_path(b->sc, m->sm->section, m->path, sizeof(m->path), b->err, b->errlen) < 0)
        return -1;
    if (rom_elf_open(&m->e, m->path, b->err, b->errlen) < 0) {
        scenario_where(b->sc, m->sm->section, "image", where, sizeof(where));
        rb_prefix(b, where);
        return -1;
    }
    if (rom_elf_symtab(&m->e, &m->symndx, &m->nsyms, &m->strndx, b->err, b->errlen) < 0)
        return -1;
    if (m->symndx == 0) {
        rb_fail(b, "%s: no symbol table (modules must not be stripped)", m->path);
        return -1;
    }
    return 0;
}

/* The module's two ROM segments; the data one only when it has initialised bytes. */
static int rb_mod_emit(struct rb *b, struct rb_mod *m)
{
    char name[RB_NAME_MAX];
    size_t text_sec, data_sec = 0;
    struct rom_module *o = m->out;

    /* p_vaddr = p_paddr: a module's run address is per process (every app sits at
     * VM_USER_IMAGE), and QEMU maps e_entry to a physical address through the segment
     * whose p_vaddr range holds it, so a module segment claiming the kernel's entry
     * address would move QEMU's start into the module. */
    snprintf(name, sizeof(name), "%s.text", m->name);
    if (!rb_add_seg(b, name, o->text_pa, o->text_pa, o->text_size, o->text_size, PF_R | PF_X,
                    m->bytes[0]))
        return -1;
    text_sec = b->nsegs;
    if (o->data_size) {
        snprintf(name, sizeof(name), "%s.data", m->name);
        if (!rb_add_seg(b, name, o->data_pa, o->data_pa, o->data_size, o->data_size, PF_R | PF_W,
                        m->bytes[1]))
            return -1;
        data_sec = b->nsegs;
    }
    return rb_mod_syms(b, m, text_sec, data_sec);
}

static int rb_mod_build(struct rb *b, struct rb_mod *m)
{
    bool driver = m->sm->kind == SCENARIO_DRIVER;
    bool kernel_mode = driver && strcmp(scenario_get(b->sc, m->sm->section, "mode"), "kernel") == 0;
    struct rom_module *o = m->out;

    if (rb_mod_open(b, m) < 0 || rb_mod_segments(b, m) < 0 || rb_mod_map_sections(b, m) < 0 ||
        rb_mod_place_va(b, m, kernel_mode) < 0 || rb_mod_place_pa(b, m) < 0 ||
        rb_mod_copy(b, m) < 0 || rb_mod_relocate(b, m) < 0)
        return -1;
    snprintf(o->name, sizeof(o->name), "%s", m->name);
    o->kind = driver ? ROM_MOD_DRIVER : ROM_MOD_APP;
    o->flags = kernel_mode ? ROM_MODF_KERNEL_MODE : 0;
    o->text_va = m->va[0];
    o->text_size = (uint32_t)m->seg[0].p_filesz;
    o->data_va = m->va[1];
    o->data_size = (uint32_t)m->seg[1].p_filesz;
    o->bss_size = (uint32_t)(m->seg[1].p_memsz - m->seg[1].p_filesz);
    if (driver ? rb_mod_exports(b, m, scenario_get(b->sc, m->sm->section, "prefix")) < 0
               : rb_mod_entry(b, m) < 0)
        return -1;
    if (!driver)
        snprintf(o->args, sizeof(o->args), "%s", scenario_get(b->sc, m->sm->section, "args"));
    return rb_mod_emit(b, m);
}

static void rb_mod_free(struct rb_mod *m)
{
    rom_elf_close(&m->e);
    free(m->bytes[0]);
    free(m->bytes[1]);
    free(m->secseg);
}

/* The TOC name: app NAME, or driver prefix + index ("SMP1"); unique in the ROM. */
static int rb_mod_name(struct rb *b, struct rb_mod *m)
{
    const char *sec = m->sm->section;
    char where[PATH_MAX + 64];

    if (m->sm->kind == SCENARIO_APP)
        snprintf(m->name, sizeof(m->name), "%s", m->sm->name);
    else
        snprintf(m->name, sizeof(m->name), "%s%u", scenario_get(b->sc, sec, "prefix"),
                 (unsigned)scenario_get_u64(b->sc, sec, "index"));
    for (uint32_t i = 0; i < b->toc->nmodules; i++) {
        if (strcmp(b->toc->modules[i].name, m->name) == 0) {
            scenario_where(b->sc, sec, m->sm->kind == SCENARIO_APP ? "image" : "index", where,
                           sizeof(where));
            rb_fail(b, "%s: module name %s is already used in the ROM", where, m->name);
            return -1;
        }
    }
    return 0;
}

static int rb_add_modules(struct rb *b)
{
    size_t n = scenario_module_count(b->sc);

    b->kva_next = VM_KDRIVERS;
    for (size_t i = 0; i < n; i++) {
        struct rb_mod m;
        int rc;

        memset(&m, 0, sizeof(m));
        m.sm = scenario_module_at(b->sc, i);
        if (i >= ROM_MAX_MODULES) {
            rb_fail(b, "%s:%d: [%s]: too many modules, the TOC holds %u", m.sm->file, m.sm->line,
                    m.sm->section, ROM_MAX_MODULES);
            return -1;
        }
        m.out = &b->toc->modules[i];
        if (rb_mod_name(b, &m) < 0)
            return -1;
        rc = rb_mod_build(b, &m);
        rb_mod_free(&m);
        if (rc < 0)
            return -1;
        b->toc->nmodules++;
    }
    return 0;
}

/* ---- the TOC ---- */

static int rb_fill_toc(struct rb *b)
{
    struct rom_toc *t = b->toc;
    size_t used;

    t->magic = ROM_TOC_MAGIC;
    t->version = ROM_TOC_VERSION;
    t->toc_size = sizeof(*t);
    t->ram_size = b->ram_size;
    t->rom_end_pa = b->pa_next;
    if (scenario_kernel_settings(b->sc, t->settings, sizeof(t->settings), &used, b->err,
                                 b->errlen) < 0)
        return -1;
    t->settings_size = (uint32_t)used;
    memcpy(b->segs[0].bytes, t, sizeof(*t)); /* segment 0, added by rom_build() */
    return 0;
}

/* Last line of defence: no two segments share a physical byte. */
static int rb_check_overlap(struct rb *b)
{
    for (size_t i = 0; i < b->nsegs; i++) {
        for (size_t j = i + 1; j < b->nsegs; j++) {
            const struct rb_seg *x = &b->segs[i], *y = &b->segs[j];

            if (x->pa < (uint64_t)y->pa + y->memsz && y->pa < (uint64_t)x->pa + x->memsz) {
                rb_fail(b, "segments %s (0x%08x) and %s (0x%08x) overlap", x->name, x->pa, y->name,
                        y->pa);
                return -1;
            }
        }
    }
    return 0;
}

/* ---- writing ---- */

/* A string table under construction. */
struct rb_strtab {
    char *buf;
    size_t len, cap;
};

static size_t rb_str_add(struct rb *b, struct rb_strtab *t, const char *s)
{
    size_t n = strlen(s) + 1, off = t->len;

    if (t->len + n > t->cap) {
        size_t cap = (t->cap + n) * 2;
        char *buf = realloc(t->buf, cap);

        if (!buf) {
            rb_fail(b, "out of memory");
            return SIZE_MAX;
        }
        t->buf = buf;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    return off;
}

/* Output-side layout of the ELF, computed before libelf writes it (ELF_F_LAYOUT). */
struct rb_out {
    Elf *elf;
    struct rb_strtab shstr, str;
    Elf32_Sym *syms;
    size_t nlocal;
    uint64_t off; /* next free file offset */
};

static uint64_t rb_align(uint64_t off, uint64_t a)
{
    return (off + a - 1) & ~(a - 1);
}

static Elf_Scn *rb_new_section(struct rb *b, struct rb_out *o, const char *name, Elf32_Word type,
                               Elf32_Word flags, void *buf, size_t size, Elf_Type dtype,
                               uint64_t align, Elf32_Shdr **shp)
{
    Elf_Scn *scn = elf_newscn(o->elf);
    Elf_Data *d = scn ? elf_newdata(scn) : NULL;
    Elf32_Shdr *sh = scn ? elf32_getshdr(scn) : NULL;
    size_t name_off = rb_str_add(b, &o->shstr, name);

    if (!d || !sh || name_off == SIZE_MAX) {
        if (name_off != SIZE_MAX)
            rb_fail(b, "libelf: %s", elf_errmsg(-1));
        return NULL;
    }
    d->d_buf = buf;
    d->d_size = size;
    d->d_type = dtype;
    d->d_align = 1;
    d->d_off = 0;
    d->d_version = EV_CURRENT;
    sh->sh_name = (Elf32_Word)name_off;
    sh->sh_type = type;
    sh->sh_flags = flags;
    sh->sh_addralign = (Elf32_Word)align;
    o->off = rb_align(o->off, align);
    sh->sh_offset = (Elf32_Off)o->off;
    sh->sh_size = (Elf32_Word)size;
    if (type != SHT_NOBITS)
        o->off += size;
    *shp = sh;
    return scn;
}

/* One section per segment, at a file offset congruent to its address modulo a page. */
static int rb_write_segments(struct rb *b, struct rb_out *o, Elf32_Phdr *ph)
{
    for (size_t i = 0; i < b->nsegs; i++) {
        struct rb_seg *s = &b->segs[i];
        Elf32_Shdr *sh;
        Elf32_Word flags = SHF_ALLOC | ((s->flags & PF_W) ? SHF_WRITE : 0) |
                           ((s->flags & PF_X) ? SHF_EXECINSTR : 0);

        o->off = rb_align(o->off, VM_PAGE_SIZE) + s->p_vaddr % VM_PAGE_SIZE;
        if (!rb_new_section(b, o, s->name, s->filesz ? SHT_PROGBITS : SHT_NOBITS, flags, s->bytes,
                            s->filesz, ELF_T_BYTE, 1, &sh))
            return -1;
        sh->sh_addr = s->va;
        ph[i] = (Elf32_Phdr){
            .p_type = PT_LOAD,
            .p_offset = sh->sh_offset,
            .p_vaddr = s->p_vaddr,
            .p_paddr = s->pa,
            .p_filesz = s->filesz,
            .p_memsz = s->memsz,
            .p_flags = s->flags,
            .p_align = VM_PAGE_SIZE,
        };
    }
    return 0;
}

/* ELF wants local symbols first; sh_info is the index of the first non-local one. */
static int rb_order_syms(struct rb *b, struct rb_out *o)
{
    size_t k = 1;

    o->syms = rb_alloc(b, (b->nsyms + 1) * sizeof(*o->syms));
    if (!o->syms)
        return -1;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < b->nsyms; i++) {
            const GElf_Sym *s = &b->syms[i].sym;
            bool local = GELF_ST_BIND(s->st_info) == STB_LOCAL;
            size_t name = rb_str_add(b, &o->str, b->syms[i].name);

            if (local != (pass == 0))
                continue;
            if (name == SIZE_MAX)
                return -1;
            o->syms[k++] = (Elf32_Sym){
                .st_name = (Elf32_Word)name,
                .st_value = (Elf32_Addr)s->st_value,
                .st_size = (Elf32_Word)s->st_size,
                .st_info = s->st_info,
                .st_other = s->st_other,
                .st_shndx = s->st_shndx,
            };
        }
        if (pass == 0)
            o->nlocal = k;
    }
    return 0;
}

/* .shstrtab holds its own name: create it first, then point it at the finished table. */
static int rb_write_shstrtab(struct rb *b, struct rb_out *o)
{
    Elf32_Shdr *sh;
    Elf_Scn *scn = rb_new_section(b, o, ".shstrtab", SHT_STRTAB, 0, NULL, 0, ELF_T_BYTE, 1, &sh);
    Elf_Data *d = scn ? elf_getdata(scn, NULL) : NULL;

    if (!d) {
        rb_fail(b, "libelf: %s", elf_errmsg(-1));
        return -1;
    }
    d->d_buf = o->shstr.buf;
    d->d_size = o->shstr.len;
    sh->sh_size = (Elf32_Word)o->shstr.len;
    o->off += o->shstr.len;
    return 0;
}

static int rb_write_symtab(struct rb *b, struct rb_out *o)
{
    Elf32_Shdr *sym_sh, *str_sh;
    size_t symtab_index = b->nsegs + 1;

    if (rb_str_add(b, &o->str, "") == SIZE_MAX || rb_order_syms(b, o) < 0)
        return -1;
    if (!rb_new_section(b, o, ".symtab", SHT_SYMTAB, 0, o->syms, (b->nsyms + 1) * sizeof(Elf32_Sym),
                        ELF_T_SYM, 4, &sym_sh) ||
        !rb_new_section(b, o, ".strtab", SHT_STRTAB, 0, o->str.buf, o->str.len, ELF_T_BYTE, 1,
                        &str_sh))
        return -1;
    sym_sh->sh_link = (Elf32_Word)(symtab_index + 1);
    sym_sh->sh_info = (Elf32_Word)o->nlocal;
    sym_sh->sh_entsize = sizeof(Elf32_Sym);
    return rb_write_shstrtab(b, o);
}

static int rb_write_ehdr(struct rb *b, struct rb_out *o)
{
    Elf32_Ehdr *eh = elf32_newehdr(o->elf);

    if (!eh) {
        rb_fail(b, "libelf: %s", elf_errmsg(-1));
        return -1;
    }
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS32;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_ident[EI_OSABI] = ELFOSABI_NONE;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_ARM;
    eh->e_version = EV_CURRENT;
    eh->e_entry = b->entry;
    eh->e_flags = b->e_flags;
    eh->e_ehsize = sizeof(Elf32_Ehdr);
    eh->e_phentsize = sizeof(Elf32_Phdr);
    eh->e_phoff = sizeof(Elf32_Ehdr);
    eh->e_shentsize = sizeof(Elf32_Shdr);
    return 0;
}

static int rb_write_elf(struct rb *b, int fd)
{
    struct rb_out o = {0};
    Elf32_Phdr *ph;
    int rc = -1;

    elf_version(EV_CURRENT);
    o.elf = elf_begin(fd, ELF_C_WRITE, NULL);
    if (!o.elf || rb_write_ehdr(b, &o) < 0 || !(ph = elf32_newphdr(o.elf, b->nsegs))) {
        rb_fail(b, "libelf: %s", elf_errmsg(-1));
        goto out;
    }
    o.off = sizeof(Elf32_Ehdr) + b->nsegs * sizeof(Elf32_Phdr);
    if (rb_str_add(b, &o.shstr, "") == SIZE_MAX || rb_write_segments(b, &o, ph) < 0 ||
        rb_write_symtab(b, &o) < 0)
        goto out;
    Elf32_Ehdr *eh = elf32_getehdr(o.elf);
    eh->e_shoff = (Elf32_Off)rb_align(o.off, 4);
    eh->e_shstrndx = (Elf32_Half)(b->nsegs + 3);
    elf_flagelf(o.elf, ELF_C_SET, ELF_F_LAYOUT);
    if (elf_update(o.elf, ELF_C_WRITE) < 0) {
        rb_fail(b, "libelf: cannot write: %s", elf_errmsg(-1));
        goto out;
    }
    rc = 0;
out:
    if (o.elf)
        elf_end(o.elf);
    free(o.shstr.buf);
    free(o.str.buf);
    free(o.syms);
    return rc;
}

/* Write to "<out>.XXXXXX" and rename: never a half-written ROM under the real name. */
static int rb_write(struct rb *b, const char *out_path)
{
    char *tmp = NULL;
    mode_t mask;
    int fd, rc;

    if (asprintf(&tmp, "%s.XXXXXX", out_path) < 0) {
        rb_fail(b, "out of memory");
        return -1;
    }
    fd = mkstemp(tmp);
    if (fd < 0) {
        rb_fail(b, "%s: cannot create: %s", out_path, strerror(errno));
        free(tmp);
        return -1;
    }
    mask = umask(0); /* mkstemp makes 0600; give the ROM the usual 0666 & ~umask */
    umask(mask);
    rc = fchmod(fd, 0666 & ~mask) < 0 ? -1 : rb_write_elf(b, fd);
    if (rc == 0 && fsync(fd) < 0)
        rc = -1;
    if (close(fd) < 0)
        rc = -1;
    if (rc == 0 && rename(tmp, out_path) < 0)
        rc = -1;
    if (rc < 0) {
        if (!b->err[0])
            rb_fail(b, "%s: cannot write: %s", out_path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return rc;
}

/* ---- public ---- */

static void rb_free(struct rb *b)
{
    for (size_t i = 0; i < b->nsegs; i++)
        free(b->segs[i].bytes);
    for (size_t i = 0; i < b->nsyms; i++)
        free(b->syms[i].name);
    free(b->segs);
    free(b->syms);
    free(b->toc);
}

int rom_build(const struct scenario *sc, const char *out_path, char *err, size_t errlen)
{
    char none[1];
    struct rb b = {.sc = sc, .err = err, .errlen = errlen};
    int rc = -1;

    if (!err || !errlen) {
        b.err = none;
        b.errlen = sizeof(none);
    }
    b.err[0] = '\0';
    if (scenario_check(sc, b.err, b.errlen) < 0)
        return -1;
    b.ram_size = (uint32_t)scenario_get_size(sc, "board", "ram");
    b.toc = rb_alloc(&b, sizeof(*b.toc));
    /* The TOC's segment comes first (lowest address); its bytes are filled last. */
    if (b.toc &&
        rb_add_seg(&b, ".rom_toc", ROM_TOC_PA, ROM_TOC_PA, sizeof(*b.toc), sizeof(*b.toc), PF_R,
                   (const uint8_t *)b.toc) &&
        rb_add_kernel(&b) == 0 && rb_add_modules(&b) == 0 && rb_fill_toc(&b) == 0 &&
        rb_check_overlap(&b) == 0 && rb_write(&b, out_path) == 0)
        rc = 0;
    rb_free(&b);
    return rc;
}

int rom_build_load(const struct scenario *sc, struct rom_image *img, char *err, size_t errlen)
{
    const char *dir = getenv("TMPDIR");
    char *path = NULL;
    int fd, rc;

    if (asprintf(&path, "%s/cesim-rom-XXXXXX", dir && dir[0] ? dir : "/tmp") < 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    fd = mkstemp(path);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
        free(path);
        return -1;
    }
    close(fd);
    rc = rom_build(sc, path, err, errlen);
    if (rc == 0)
        rc = rom_image_load(path, img, err, errlen);
    unlink(path);
    free(path);
    return rc;
}
