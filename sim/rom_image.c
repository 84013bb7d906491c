/*
 * rom_image.c: loading and checking a ROM image for `cesim run` (see rom_image.h), and
 * the libelf helpers that rom_build.c shares for reading its input ELF files.
 *
 * The file is read into memory once and parsed with libelf from there (elf_memory), so
 * a truncated or garbage file is caught by explicit bounds checks here rather than by
 * reads past the end: every program header, section and symbol is checked before use.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "board.h"
#include "err.h"
#include "rom_image.h"
#include "scenario.h"
#include "vm.h"

/* Nothing we load is bigger than the largest RAM; refuse to read huge files whole. */
#define ROM_FILE_MAX (4u * BOARD_RAM_SIZE_MAX)


/* ---- shared ELF helpers ---- */

static int ri_read_file(const char *path, uint8_t **buf, size_t *size, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    struct stat st;

    if (!f) {
        sim_err(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
        sim_err(err, errlen, "%s: not a regular file", path);
        fclose(f);
        return -1;
    }
    if ((uint64_t)st.st_size > ROM_FILE_MAX) {
        sim_err(err, errlen, "%s: too large for an image (%lld bytes)", path, (long long)st.st_size);
        fclose(f);
        return -1;
    }
    *size = (size_t)st.st_size;
    *buf = malloc(*size ? *size : 1);
    if (!*buf || fread(*buf, 1, *size, f) != *size) {
        sim_err(err, errlen, "%s: cannot read: %s", path, *buf ? strerror(errno) : "no memory");
        free(*buf);
        *buf = NULL;
        fclose(f);
        return -1;
    }
    fclose(f);
    return 0;
}

/* The identity checks every input passes: ELF32, little-endian, ARM, executable. */
static int ri_check_ehdr(const struct rom_elf *e, char *err, size_t errlen)
{
    const unsigned char *id = e->ehdr.e_ident;

    if (id[EI_CLASS] != ELFCLASS32) {
        sim_err(err, errlen, "%s: not a 32-bit ELF file", e->path);
        return -1;
    }
    if (id[EI_DATA] != ELFDATA2LSB) {
        sim_err(err, errlen, "%s: not little-endian", e->path);
        return -1;
    }
    if (e->ehdr.e_machine != EM_ARM) {
        sim_err(err, errlen, "%s: machine %u is not ARM (%u)", e->path, (unsigned)e->ehdr.e_machine,
               (unsigned)EM_ARM);
        return -1;
    }
    if (e->ehdr.e_type != ET_EXEC) {
        sim_err(err, errlen,
               "%s: not an executable (ELF type %u; modules are linked with "
               "guest/module.ld)",
               e->path, (unsigned)e->ehdr.e_type);
        return -1;
    }
    return 0;
}

int rom_elf_open(struct rom_elf *e, const char *path, char *err, size_t errlen)
{
    memset(e, 0, sizeof(*e));
    e->path = path;
    if (ri_read_file(path, &e->buf, &e->size, err, errlen) < 0)
        return -1;
    elf_version(EV_CURRENT);
    e->elf = elf_memory((char *)e->buf, e->size);
    if (!e->elf || elf_kind(e->elf) != ELF_K_ELF || e->size < EI_NIDENT ||
        !gelf_getehdr(e->elf, &e->ehdr)) {
        sim_err(err, errlen, "%s: not an ELF file", path);
        goto fail;
    }
    if (ri_check_ehdr(e, err, errlen) < 0)
        goto fail;
    if (elf_getphdrnum(e->elf, &e->nphdr) < 0 || elf_getshdrnum(e->elf, &e->nshdr) < 0 ||
        (e->nshdr && elf_getshdrstrndx(e->elf, &e->shstrndx) < 0)) {
        sim_err(err, errlen, "%s: corrupt ELF headers: %s", path, elf_errmsg(-1));
        goto fail;
    }
    return 0;
fail:
    rom_elf_close(e);
    return -1;
}

void rom_elf_close(struct rom_elf *e)
{
    if (e->elf)
        elf_end(e->elf);
    free(e->buf);
    e->elf = NULL;
    e->buf = NULL;
}

int rom_elf_phdr(const struct rom_elf *e, size_t i, GElf_Phdr *ph, char *err, size_t errlen)
{
    if (!gelf_getphdr(e->elf, (int)i, ph)) {
        sim_err(err, errlen, "%s: cannot read program header %zu: %s", e->path, i, elf_errmsg(-1));
        return -1;
    }
    if (ph->p_type != PT_LOAD)
        return 0;
    if (ph->p_filesz > ph->p_memsz || ph->p_offset > e->size ||
        ph->p_filesz > e->size - ph->p_offset) {
        sim_err(err, errlen, "%s: segment %zu: file bytes outside the file (truncated?)", e->path,
               i);
        return -1;
    }
    if (ph->p_memsz > UINT32_MAX - ph->p_paddr || ph->p_memsz > UINT32_MAX - ph->p_vaddr) {
        sim_err(err, errlen, "%s: segment %zu: wraps around the 32-bit address space", e->path, i);
        return -1;
    }
    return 0;
}

int rom_elf_shdr(const struct rom_elf *e, size_t i, GElf_Shdr *sh, char *err, size_t errlen)
{
    Elf_Scn *scn = elf_getscn(e->elf, i);

    if (!scn || !gelf_getshdr(scn, sh)) {
        sim_err(err, errlen, "%s: cannot read section header %zu: %s", e->path, i, elf_errmsg(-1));
        return -1;
    }
    if (sh->sh_type != SHT_NOBITS && sh->sh_type != SHT_NULL &&
        (sh->sh_offset > e->size || sh->sh_size > e->size - sh->sh_offset)) {
        sim_err(err, errlen, "%s: section %zu: contents outside the file (truncated?)", e->path, i);
        return -1;
    }
    return 0;
}

const char *rom_elf_secname(const struct rom_elf *e, const GElf_Shdr *sh)
{
    const char *n = e->nshdr ? elf_strptr(e->elf, e->shstrndx, sh->sh_name) : NULL;

    return n ? n : "?";
}

int rom_elf_symtab(const struct rom_elf *e, size_t *symndx, size_t *nsyms, size_t *strndx,
                   char *err, size_t errlen)
{
    GElf_Shdr sh, str;

    *symndx = *nsyms = *strndx = 0;
    for (size_t i = 1; i < e->nshdr; i++) {
        if (rom_elf_shdr(e, i, &sh, err, errlen) < 0)
            return -1;
        if (sh.sh_type != SHT_SYMTAB)
            continue;
        if (sh.sh_entsize != sizeof(Elf32_Sym) || sh.sh_link == 0 || sh.sh_link >= e->nshdr ||
            rom_elf_shdr(e, sh.sh_link, &str, err, errlen) < 0 || str.sh_type != SHT_STRTAB) {
            sim_err(err, errlen, "%s: corrupt symbol table", e->path);
            return -1;
        }
        *symndx = i;
        *nsyms = sh.sh_size / sizeof(Elf32_Sym);
        *strndx = sh.sh_link;
        return 0;
    }
    return 0;
}

int rom_elf_sym(const struct rom_elf *e, size_t symndx, size_t strndx, size_t i, GElf_Sym *sym,
                const char **name, char *err, size_t errlen)
{
    Elf_Data *d = elf_getdata(elf_getscn(e->elf, symndx), NULL);

    if (!d || !gelf_getsym(d, (int)i, sym)) {
        sim_err(err, errlen, "%s: cannot read symbol %zu: %s", e->path, i, elf_errmsg(-1));
        return -1;
    }
    *name = elf_strptr(e->elf, strndx, sym->st_name);
    if (!*name) {
        sim_err(err, errlen, "%s: symbol %zu: bad name offset", e->path, i);
        return -1;
    }
    return 0;
}

/* ---- segments ---- */

static int ri_cmp_seg(const void *a, const void *b)
{
    const struct rom_segment *x = a, *y = b;

    return x->pa < y->pa ? -1 : x->pa > y->pa;
}

static int ri_load_segments(struct rom_image *img, const struct rom_elf *e, char *err,
                            size_t errlen)
{
    GElf_Phdr ph;

    img->segs = calloc(e->nphdr ? e->nphdr : 1, sizeof(*img->segs));
    if (!img->segs) {
        sim_err(err, errlen, "%s: out of memory", e->path);
        return -1;
    }
    for (size_t i = 0; i < e->nphdr; i++) {
        struct rom_segment *s = &img->segs[img->nsegs];

        if (rom_elf_phdr(e, i, &ph, err, errlen) < 0)
            return -1;
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        s->pa = (uint32_t)ph.p_paddr;
        s->va = (uint32_t)ph.p_vaddr;
        s->filesz = (uint32_t)ph.p_filesz;
        s->memsz = (uint32_t)ph.p_memsz;
        s->flags = ph.p_flags;
        s->bytes = e->buf + ph.p_offset;
        img->nsegs++;
    }
    if (img->nsegs == 0) {
        sim_err(err, errlen, "%s: no loadable segment", e->path);
        return -1;
    }
    qsort(img->segs, img->nsegs, sizeof(*img->segs), ri_cmp_seg);
    return 0;
}

/* Segments inside RAM, not overlapping (they are sorted by pa), entry inside one. */
static int ri_check_layout(const struct rom_image *img, uint32_t ram_size, char *err, size_t errlen)
{
    bool entry_ok = false;

    for (size_t i = 0; i < img->nsegs; i++) {
        const struct rom_segment *s = &img->segs[i];

        if ((uint64_t)s->pa + s->memsz > ram_size) {
            sim_err(err, errlen, "%s: segment at 0x%08x-0x%08x is outside RAM (%u MB)", img->path,
                   s->pa, s->pa + s->memsz, ram_size >> 20);
            return -1;
        }
        if (i > 0 && img->segs[i - 1].pa + img->segs[i - 1].memsz > s->pa) {
            sim_err(err, errlen, "%s: segments at 0x%08x and 0x%08x overlap", img->path,
                   img->segs[i - 1].pa, s->pa);
            return -1;
        }
        entry_ok |= img->entry >= s->pa && img->entry - s->pa < s->memsz;
    }
    if (!entry_ok) {
        sim_err(err, errlen, "%s: entry point 0x%08x is in no segment", img->path, img->entry);
        return -1;
    }
    return 0;
}

/* ---- table of contents ---- */

/* The segment whose file bytes hold [pa, pa + size), or NULL. */
static const struct rom_segment *ri_seg_holding(const struct rom_image *img, uint32_t pa,
                                                uint32_t size)
{
    for (size_t i = 0; i < img->nsegs; i++) {
        const struct rom_segment *s = &img->segs[i];

        if (pa >= s->pa && pa - s->pa <= s->filesz && size <= s->filesz - (pa - s->pa))
            return s;
    }
    return NULL;
}

/* "key=value\0...key=value\0\0": every entry has a '=', the empty one ends the block. */
static int ri_check_settings(const struct rom_toc *t)
{
    uint32_t off = 0;

    if (t->settings_size == 0 || t->settings_size > ROM_SETTINGS_MAX)
        return -1;
    while (off < t->settings_size) {
        const char *s = t->settings + off;
        size_t n = strnlen(s, t->settings_size - off);

        if (off + n >= t->settings_size)
            return -1; /* not NUL terminated */
        if (n == 0)
            return off + 1 == t->settings_size ? 0 : -1;
        if (!memchr(s, '=', n))
            return -1;
        off += (uint32_t)n + 1;
    }
    return -1;
}

static bool ri_in_text(const struct rom_module *m, uint32_t va)
{
    return va >= m->text_va && va - m->text_va < m->text_size;
}

static int ri_check_module(const struct rom_image *img, uint32_t i, char *err, size_t errlen)
{
    const struct rom_module *m = &img->toc.modules[i];
    const char *why = NULL;

    if (strnlen(m->name, ROM_NAME_MAX) == 0 || strnlen(m->name, ROM_NAME_MAX) == ROM_NAME_MAX)
        why = "bad name";
    else if (strnlen(m->args, ROM_ARGS_MAX) == ROM_ARGS_MAX)
        why = "args not terminated";
    else if (m->kind != ROM_MOD_APP && m->kind != ROM_MOD_DRIVER)
        why = "bad kind";
    else if ((m->flags & ~(uint32_t)ROM_MODF_KERNEL_MODE) || (m->kind == ROM_MOD_APP && m->flags))
        why = "bad flags";
    else if ((m->text_pa | m->text_va | m->data_pa | m->data_va) % VM_PAGE_SIZE)
        why = "addresses not page aligned";
    else if (m->text_size == 0 || !ri_seg_holding(img, m->text_pa, m->text_size))
        why = "text outside the image";
    else if (m->data_size && !ri_seg_holding(img, m->data_pa, m->data_size))
        why = "data outside the image";
    else if (m->kind == ROM_MOD_APP && !ri_in_text(m, m->entry))
        why = "entry outside its text";
    else if (m->kind == ROM_MOD_DRIVER && (!ri_in_text(m, m->exports[ROM_EXP_INIT]) ||
                                           !ri_in_text(m, m->exports[ROM_EXP_IOCONTROL])))
        why = "Init or IOControl outside its text";
    if (why) {
        sim_err(err, errlen, "%s: TOC module %u: %s", img->path, i, why);
        return -1;
    }
    return 0;
}

static int ri_check_toc_header(const struct rom_image *img, char *err, size_t errlen)
{
    const struct rom_toc *t = &img->toc;
    const char *why = NULL;

    if (t->magic != ROM_TOC_MAGIC)
        why = "bad magic";
    else if (t->version != ROM_TOC_VERSION)
        why = "version differs from this cesim's (rebuild the ROM)";
    else if (t->toc_size != sizeof(struct rom_toc))
        why = "size differs from this cesim's (rebuild the ROM)";
    else if (t->ram_size < (1u << 20) || t->ram_size > BOARD_RAM_SIZE_MAX ||
             t->ram_size % VM_PAGE_SIZE)
        why = "bad ram_size";
    else if (t->rom_end_pa % VM_PAGE_SIZE || t->rom_end_pa > t->ram_size)
        why = "bad rom_end_pa";
    else if (t->nmodules > ROM_MAX_MODULES)
        why = "too many modules";
    else if (ri_check_settings(t) < 0)
        why = "malformed settings";
    if (why) {
        sim_err(err, errlen, "%s: TOC at 0x%08x: %s", img->path, ROM_TOC_PA, why);
        return -1;
    }
    return 0;
}

/* Every segment ends below rom_end_pa: the kernel allocates pages from there up. */
static int ri_check_rom_end(const struct rom_image *img, char *err, size_t errlen)
{
    for (size_t i = 0; i < img->nsegs; i++) {
        if (img->segs[i].pa + img->segs[i].memsz > img->toc.rom_end_pa) {
            sim_err(err, errlen, "%s: segment at 0x%08x ends above the TOC's rom_end_pa 0x%08x",
                   img->path, img->segs[i].pa, img->toc.rom_end_pa);
            return -1;
        }
    }
    return 0;
}

static int ri_load_toc(struct rom_image *img, char *err, size_t errlen)
{
    const struct rom_segment *s = ri_seg_holding(img, ROM_TOC_PA, sizeof(struct rom_toc));

    img->ram_size = BOARD_RAM_SIZE_DEFAULT;
    for (size_t i = 0; i < img->nsegs && !s; i++) {
        if (img->segs[i].pa == ROM_TOC_PA) {
            sim_err(err, errlen, "%s: TOC segment at 0x%08x is too small", img->path, ROM_TOC_PA);
            return -1;
        }
    }
    if (!s)
        return 0; /* a bare kernel or test ELF */
    memcpy(&img->toc, s->bytes + (ROM_TOC_PA - s->pa), sizeof(img->toc));
    img->has_toc = true;
    if (ri_check_toc_header(img, err, errlen) < 0 || ri_check_rom_end(img, err, errlen) < 0)
        return -1;
    img->ram_size = img->toc.ram_size;
    return 0;
}

/* The TOC's modules, once the segments they point into are known to be sound. */
static int ri_check_modules(const struct rom_image *img, char *err, size_t errlen)
{
    for (uint32_t i = 0; img->has_toc && i < img->toc.nmodules; i++) {
        if (ri_check_module(img, i, err, errlen) < 0)
            return -1;
    }
    return 0;
}

/* ---- symbols ---- */

static int ri_cmp_name(const void *a, const void *b)
{
    const struct rom_sym *x = a, *y = b;
    int c = strcmp(x->name, y->name);

    if (c)
        return c;
    /* Among equal names, globals first: find_sym returns the first. */
    if ((x->bind == STB_LOCAL) != (y->bind == STB_LOCAL))
        return x->bind == STB_LOCAL ? 1 : -1;
    return x->value < y->value ? -1 : x->value > y->value;
}

static int ri_cmp_addr(const void *a, const void *b)
{
    const struct rom_sym *x = *(const struct rom_sym *const *)a;
    const struct rom_sym *y = *(const struct rom_sym *const *)b;

    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* Symbols worth a lookup: defined, named, not sections, files or $a/$d mapping symbols. */
static bool ri_keep_sym(const GElf_Sym *s, const char *name)
{
    unsigned type = GELF_ST_TYPE(s->st_info);

    return s->st_shndx != SHN_UNDEF && name[0] != '\0' && name[0] != '$' && type != STT_SECTION &&
           type != STT_FILE;
}

static int ri_collect_syms(struct rom_image *img, const struct rom_elf *e, size_t symndx,
                           size_t strndx, size_t nsyms, char *err, size_t errlen)
{
    size_t names_len = 0, names_cap = 0;

    for (size_t pass = 0; pass < 2; pass++) {
        for (size_t i = 1; i < nsyms; i++) {
            GElf_Sym s;
            const char *name;
            size_t n;

            if (rom_elf_sym(e, symndx, strndx, i, &s, &name, err, errlen) < 0)
                return -1;
            if (!ri_keep_sym(&s, name))
                continue;
            n = strlen(name) + 1;
            if (pass == 0) {
                names_cap += n;
                img->nsyms++;
                continue;
            }
            memcpy(img->names + names_len, name, n);
            img->syms[img->nsyms++] = (struct rom_sym){
                .name = img->names + names_len,
                .value = (uint32_t)s.st_value,
                .size = (uint32_t)s.st_size,
                .type = GELF_ST_TYPE(s.st_info),
                .bind = GELF_ST_BIND(s.st_info),
            };
            names_len += n;
        }
        if (pass == 0) {
            img->names = malloc(names_cap ? names_cap : 1);
            img->syms = calloc(img->nsyms ? img->nsyms : 1, sizeof(*img->syms));
            img->funcs = calloc(img->nsyms ? img->nsyms : 1, sizeof(*img->funcs));
            if (!img->names || !img->syms || !img->funcs) {
                sim_err(err, errlen, "%s: out of memory", img->path);
                return -1;
            }
            img->nsyms = 0;
        }
    }
    return 0;
}

static int ri_load_syms(struct rom_image *img, const struct rom_elf *e, char *err, size_t errlen)
{
    size_t symndx, nsyms, strndx;

    if (rom_elf_symtab(e, &symndx, &nsyms, &strndx, err, errlen) < 0)
        return -1;
    if (symndx == 0)
        return 0; /* stripped: no names in traces, no CP15 section found */
    if (ri_collect_syms(img, e, symndx, strndx, nsyms, err, errlen) < 0)
        return -1;
    qsort(img->syms, img->nsyms, sizeof(*img->syms), ri_cmp_name);
    for (size_t i = 0; i < img->nsyms; i++) {
        if (img->syms[i].type == STT_FUNC)
            img->funcs[img->nfuncs++] = &img->syms[i];
    }
    qsort(img->funcs, img->nfuncs, sizeof(*img->funcs), ri_cmp_addr);
    return 0;
}

/* ---- public ---- */

int rom_image_load(const char *path, struct rom_image *img, char *err, size_t errlen)
{
    struct rom_elf e;

    memset(img, 0, sizeof(*img));
    if (rom_elf_open(&e, path, err, errlen) < 0)
        return -1;
    img->path = strdup(path);
    img->entry = (uint32_t)e.ehdr.e_entry;
    if (!img->path || ri_load_segments(img, &e, err, errlen) < 0 ||
        ri_load_toc(img, err, errlen) < 0 || ri_check_layout(img, img->ram_size, err, errlen) < 0 ||
        ri_check_modules(img, err, errlen) < 0 || ri_load_syms(img, &e, err, errlen) < 0) {
        if (!img->path)
            sim_err(err, errlen, "%s: out of memory", path);
        rom_elf_close(&e);
        rom_image_free(img);
        return -1;
    }
    /* The segments point into the file's bytes: the image keeps them. */
    img->file = e.buf;
    img->file_size = e.size;
    e.buf = NULL;
    rom_elf_close(&e);
    return 0;
}

void rom_image_free(struct rom_image *img)
{
    free(img->path);
    free(img->segs);
    free(img->syms);
    free(img->funcs);
    free(img->names);
    free(img->file);
    memset(img, 0, sizeof(*img));
}

const struct rom_sym *rom_image_find_sym(const struct rom_image *img, const char *name)
{
    size_t lo = 0, hi = img->nsyms;

    /* Lower bound: the first of equal names, a global one if any (see ri_cmp_name). */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (strcmp(img->syms[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < img->nsyms && strcmp(img->syms[lo].name, name) == 0 ? &img->syms[lo] : NULL;
}

/* Whether a symbol belongs to `module` (NULL: any; "": the kernel; else "module!"). */
static bool ri_sym_in(const struct rom_sym *s, const char *module)
{
    const char *bang;

    if (!module)
        return true;
    bang = strchr(s->name, '!');
    if (module[0] == '\0')
        return bang == NULL;
    return bang && (size_t)(bang - s->name) == strlen(module) &&
           strncmp(s->name, module, (size_t)(bang - s->name)) == 0;
}

const struct rom_sym *rom_image_module_sym_at(const struct rom_image *img, const char *module,
                                              uint32_t addr)
{
    size_t lo = 0, hi = img->nfuncs;

    /* Upper bound: the first function above addr; then walk down to one that fits. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (img->funcs[mid]->value <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    while (lo-- > 0) {
        if (ri_sym_in(img->funcs[lo], module))
            return img->funcs[lo];
    }
    return NULL;
}

const struct rom_sym *rom_image_sym_at(const struct rom_image *img, uint32_t addr)
{
    return rom_image_module_sym_at(img, NULL, addr);
}

/* ---- overrides ---- */

/* Replace or add "key=value" in a TOC settings block. */
static int ri_put_setting(struct rom_toc *t, const char *key, const char *value, char *err,
                          size_t errlen)
{
    char out[ROM_SETTINGS_MAX];
    size_t klen = strlen(key), off = 0, in = 0;
    bool done = false;
    int n;

    while (in + 1 < t->settings_size) {
        const char *s = t->settings + in;
        size_t len = strlen(s);
        bool match = strncmp(s, key, klen) == 0 && s[klen] == '=';

        n = match ? snprintf(out + off, sizeof(out) - off, "%s=%s", key, value)
                  : snprintf(out + off, sizeof(out) - off, "%s", s);
        if (n < 0 || off + (size_t)n + 2 > sizeof(out))
            goto full;
        off += (size_t)n + 1;
        done |= match;
        in += len + 1;
    }
    if (!done) {
        n = snprintf(out + off, sizeof(out) - off, "%s=%s", key, value);
        if (n < 0 || off + (size_t)n + 2 > sizeof(out))
            goto full;
        off += (size_t)n + 1;
    }
    out[off++] = '\0';
    memcpy(t->settings, out, off);
    memset(t->settings + off, 0, sizeof(t->settings) - off);
    t->settings_size = (uint32_t)off;
    return 0;
full:
    sim_err(err, errlen, "--set: [kernel] %s: the kernel settings do not fit in %u bytes", key,
           ROM_SETTINGS_MAX);
    return -1;
}

static int ri_override_ram(struct rom_image *img, struct rom_toc *t, const struct scenario *sc,
                           char *err, size_t errlen)
{
    uint64_t ram = scenario_get_size(sc, "board", "ram");

    if (t->rom_end_pa > ram) {
        sim_err(err, errlen, "--set: [board] ram: the ROM needs %u KB of RAM", t->rom_end_pa >> 10);
        return -1;
    }
    if (ri_check_layout(img, (uint32_t)ram, err, errlen) < 0)
        return -1;
    t->ram_size = (uint32_t)ram;
    return 0;
}

static struct rom_segment *ri_toc_segment(struct rom_image *img)
{
    return (struct rom_segment *)ri_seg_holding(img, ROM_TOC_PA, sizeof(struct rom_toc));
}

/* The [kernel] keys the scenario sets explicitly, written into the TOC copy `t`. */
/* Whether the scenario sets the source of TOC setting `key`: [kernel] key, or the
 * section and key a derived setting comes from. */
static bool ri_setting_is_set(const struct scenario *sc, const char *key)
{
    for (size_t i = 0; i < scenario_nderived; i++) {
        const struct scenario_derived *d = scenario_derived_at(i);
        if (!strcmp(d->setting, key))
            return scenario_is_set(sc, d->section, d->key);
    }
    return scenario_is_set(sc, "kernel", key);
}

static int ri_override_settings(struct rom_image *img, struct rom_toc *t, const struct scenario *sc,
                                bool *changed, char *err, size_t errlen)
{
    char block[ROM_SETTINGS_MAX];
    size_t used;

    if (scenario_is_set(sc, "kernel", "image")) {
        sim_err(err, errlen, "--set: [kernel] image: cannot change in %s (the kernel is built in)",
               img->path);
        return -1;
    }
    /* The same "key=value" text mkrom writes (numbers in decimal); keep the set ones. */
    if (scenario_kernel_settings(sc, block, sizeof(block), &used, err, errlen) < 0)
        return -1;
    for (const char *e = block; *e; e += strlen(e) + 1) {
        const char *eq = strchr(e, '=');
        char key[64];

        snprintf(key, sizeof(key), "%.*s", (int)(eq - e), e);
        if (!ri_setting_is_set(sc, key))
            continue;
        if (!img->has_toc) {
            sim_err(err, errlen, "--set: [kernel] %s: cannot change in %s, which has no TOC", key,
                   img->path);
            return -1;
        }
        if (ri_put_setting(t, key, eq + 1, err, errlen) < 0)
            return -1;
        *changed = true;
    }
    return 0;
}

int rom_image_apply_overrides(struct rom_image *img, const struct scenario *sc, char *err,
                              size_t errlen)
{
    struct rom_toc t = img->toc;
    bool changed = false;

    if (ri_override_settings(img, &t, sc, &changed, err, errlen) < 0)
        return -1;
    if (scenario_is_set(sc, "board", "ram")) {
        uint32_t ram = (uint32_t)scenario_get_size(sc, "board", "ram");

        if (img->has_toc && ri_override_ram(img, &t, sc, err, errlen) < 0)
            return -1;
        if (!img->has_toc && ri_check_layout(img, ram, err, errlen) < 0)
            return -1;
        img->ram_size = ram;
        changed |= img->has_toc;
    }
    if (changed) {
        struct rom_segment *s = ri_toc_segment(img);

        img->toc = t;
        memcpy(s->bytes + (ROM_TOC_PA - s->pa), &t, sizeof(t));
    }
    return 0;
}
