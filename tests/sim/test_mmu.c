/*
 * test_mmu.c: host unit tests of the ARMv5 page-table walker and its host TLB
 * (sim/mmu.c). Each test gets a fresh 64 KB guest RAM at RAM_BASE (deliberately not 0,
 * so a walker that forgot ram_base would read the wrong bytes) and builds first- and
 * second-level tables in it by hand, from the named fields of kernel/abi/armv5.h.
 * Every expected physical address, AP and fault status is computed in a comment from
 * the ARM ARM (DDI 0100) section B4 rules: L1 index = VA[31:20], coarse index =
 * VA[19:12], fine index = VA[19:10]; fault status in FSR[3:0], domain in FSR[7:4].
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "armv5.h"
#include "mmu.h"

/* Guest RAM and the tables placed in it. */
#define RAM_BASE 0x80000000u
#define RAM_SIZE 0x10000u
#define L1_PA (RAM_BASE + 0x0000u)                /* 16 KB first-level table (16 KB aligned) */
#define L1B_PA (RAM_BASE + 0x4000u)               /* a second one, for TTBR0 switches */
#define COARSE_PA (RAM_BASE + 0x8000u)            /* 1 KB coarse table */
#define COARSE2_PA (RAM_BASE + 0x8400u)           /* another coarse table */
#define FINE_PA (RAM_BASE + 0x9000u)              /* 4 KB fine table (4 KB aligned) */
#define L1_TOP_PA (RAM_BASE + RAM_SIZE - 0x4000u) /* an L1 table ending at the end of RAM */

#define L1_BYTES 0x4000u

/* DACR field of one domain, and every domain set to client (01 x 16 = 0x55555555). */
#define DACR_FIELD(domain, v) ((uint32_t)(v) << (2u * (domain)))
#define DACR_ALL_CLIENT 0x55555555u
#define DACR_RESERVED 0x2u /* the fourth DACR value, reserved by the architecture */

#define FAULT_AT(code, domain) ((code) | ((uint32_t)(domain) << FSR_DOMAIN_SHIFT))

struct fixture {
    uint8_t ram[RAM_SIZE];
    struct mmu m;
    struct mmu_result r;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    if (!f)
        return -1;
    mmu_init(&f->m, f->ram, RAM_BASE, RAM_SIZE);
    mmu_set_ttbr0(&f->m, L1_PA);
    mmu_set_dacr(&f->m, DACR_ALL_CLIENT);
    mmu_set_sctlr(&f->m, SCTLR_M);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

/* ---- table building ---- */

/* Store a descriptor word at physical `pa` (little-endian, as the guest would). */
static void put(struct fixture *f, uint32_t pa, uint32_t desc)
{
    assert_true(pa >= RAM_BASE && pa - RAM_BASE <= RAM_SIZE - 4u);
    memcpy(f->ram + (pa - RAM_BASE), &desc, sizeof(desc));
}

static void set_l1_in(struct fixture *f, uint32_t table, uint32_t va, uint32_t desc)
{
    put(f, table + (va >> L1_INDEX_SHIFT) * 4u, desc);
}

static void set_l1(struct fixture *f, uint32_t va, uint32_t desc)
{
    set_l1_in(f, L1_PA, va, desc);
}

static void set_coarse(struct fixture *f, uint32_t table, uint32_t va, uint32_t desc)
{
    put(f, table + L2_COARSE_INDEX(va) * 4u, desc);
}

static void set_fine(struct fixture *f, uint32_t table, uint32_t va, uint32_t desc)
{
    put(f, table + L2_FINE_INDEX(va) * 4u, desc);
}

/* A large page fills 16 consecutive coarse entries (64 KB / 4 KB), all identical,
 * starting at the 64 KB-aligned VA (the same alignment as the large page base). */
static void set_coarse_large(struct fixture *f, uint32_t table, uint32_t va, uint32_t desc)
{
    for (uint32_t i = 0; i < 16u; i++)
        set_coarse(f, table, (va & L2_LARGE_BASE_MASK) + i * 0x1000u, desc);
}

static uint32_t l1_section(uint32_t pa, unsigned ap, unsigned domain, uint32_t cb)
{
    return (pa & L1_SECTION_BASE_MASK) | (ap << L1_SECTION_AP_SHIFT) | (domain << L1_DOMAIN_SHIFT) |
           L1_BIT4 | cb | L1_TYPE_SECTION;
}

static uint32_t l1_coarse(uint32_t table, unsigned domain)
{
    return (table & L1_COARSE_BASE_MASK) | (domain << L1_DOMAIN_SHIFT) | L1_BIT4 | L1_TYPE_COARSE;
}

static uint32_t l1_fine(uint32_t table, unsigned domain)
{
    return (table & L1_FINE_BASE_MASK) | (domain << L1_DOMAIN_SHIFT) | L1_BIT4 | L1_TYPE_FINE;
}

/* The four subpage AP fields of a large or small page descriptor (AP0 at bits 5:4). */
static uint32_t l2_aps(unsigned ap0, unsigned ap1, unsigned ap2, unsigned ap3)
{
    return (ap0 << L2_AP0_SHIFT) | (ap1 << (L2_AP0_SHIFT + 2)) | (ap2 << (L2_AP0_SHIFT + 4)) |
           (ap3 << (L2_AP0_SHIFT + 6));
}

static uint32_t l2_ap_all(unsigned ap)
{
    return l2_aps(ap, ap, ap, ap);
}

static uint32_t l2_large(uint32_t pa, uint32_t aps, uint32_t cb)
{
    return (pa & L2_LARGE_BASE_MASK) | aps | cb | L2_TYPE_LARGE;
}

static uint32_t l2_small(uint32_t pa, uint32_t aps, uint32_t cb)
{
    return (pa & L2_SMALL_BASE_MASK) | aps | cb | L2_TYPE_SMALL;
}

/* A tiny page has one AP, in the AP0 position. */
static uint32_t l2_tiny(uint32_t pa, unsigned ap, uint32_t cb)
{
    return (pa & L2_TINY_BASE_MASK) | (ap << L2_AP0_SHIFT) | cb | L2_TYPE_TINY;
}

/* ---- translation helpers ---- */

static uint32_t xlate(struct fixture *f, uint32_t va, enum mmu_access acc, bool user)
{
    uint32_t st = mmu_translate(&f->m, va, acc, user, &f->r);

    assert_int_equal(st, f->r.fsr); /* the status is returned and stored alike */
    return st;
}

/* Expect a successful translation of `va` to `pa`. */
static void expect_pa(struct fixture *f, uint32_t va, enum mmu_access acc, bool user, uint32_t pa)
{
    assert_int_equal(xlate(f, va, acc, user), 0);
    assert_int_equal(f->r.pa, pa);
}

/* Expect the four (privileged read, privileged write, user read, user write) outcomes:
 * 0 for allowed, else the fault status. */
static void expect_perms(struct fixture *f, uint32_t va, uint32_t pr, uint32_t pw, uint32_t ur,
                         uint32_t uw)
{
    assert_int_equal(xlate(f, va, MMU_READ, false), pr);
    assert_int_equal(xlate(f, va, MMU_WRITE, false), pw);
    assert_int_equal(xlate(f, va, MMU_READ, true), ur);
    assert_int_equal(xlate(f, va, MMU_WRITE, true), uw);
}

/* Expect the AP reported for `va` by a privileged read (which must succeed). */
static void expect_ap(struct fixture *f, uint32_t va, unsigned ap)
{
    assert_int_equal(xlate(f, va, MMU_READ, false), 0);
    assert_int_equal(f->r.ap, ap);
}

/* ---- MMU off ---- */

static void test_mmu_off_flat(void **state)
{
    struct fixture *f = *state;

    /* SCTLR.M = 0: VA = PA, no walk (the table is all faults and is never read), no
     * permission check, uncached (the ARM926 caches need the MMU on). */
    mmu_set_sctlr(&f->m, 0);
    expect_pa(f, 0xDEADBEEFu, MMU_WRITE, true, 0xDEADBEEFu);
    assert_int_equal(f->r.c, 0);
    assert_int_equal(f->r.b, 0);
    assert_int_equal(f->r.ap, AP_RW);
    assert_int_equal(f->r.page_log2, 20); /* reported as 1 MB mappings */
    expect_pa(f, 0x00000000u, MMU_EXEC, false, 0x00000000u);
    expect_pa(f, 0xFFFFFFFFu, MMU_READ, true, 0xFFFFFFFFu);
    assert_int_equal(f->m.walks, 0);
    assert_int_equal(f->m.tlb_hits, 0);
}

/* ---- sections ---- */

static void test_section_pa_cb_domain(void **state)
{
    struct fixture *f = *state;

    /* VA 0x12345678: L1 index 0x123 (entry at L1 + 0x48C). Section base 0x45600000, so
     * PA = 0x45600000 | VA[19:0] 0x45678 = 0x45645678. */
    set_l1(f, 0x12300000u, l1_section(0x45600000u, AP_RW, 5, L1_C | L1_B));
    expect_pa(f, 0x12345678u, MMU_READ, false, 0x45645678u);
    assert_int_equal(f->r.c, 1);
    assert_int_equal(f->r.b, 1);
    assert_int_equal(f->r.domain, 5);
    assert_int_equal(f->r.ap, AP_RW);
    assert_int_equal(f->r.page_log2, 20); /* 1 MB */

    /* C alone, domain 0: VA 0x124FFFFF (index 0x124) -> 0x001FFFFF, the last byte. */
    set_l1(f, 0x12400000u, l1_section(0x00100000u, AP_USER_RO, 0, L1_C));
    expect_pa(f, 0x124FFFFFu, MMU_READ, false, 0x001FFFFFu);
    assert_int_equal(f->r.c, 1);
    assert_int_equal(f->r.b, 0);
    assert_int_equal(f->r.domain, 0);
    assert_int_equal(f->r.ap, AP_USER_RO);

    /* B alone, domain 15, top section: VA 0xFFF00ABC (index 0xFFF, last L1 entry at
     * L1 + 0x3FFC) -> base 0xFFF00000 | 0x00ABC = 0xFFF00ABC. */
    set_l1(f, 0xFFF00000u, l1_section(0xFFF00000u, AP_PRIV_RW, 15, L1_B));
    expect_pa(f, 0xFFF00ABCu, MMU_READ, false, 0xFFF00ABCu);
    assert_int_equal(f->r.c, 0);
    assert_int_equal(f->r.b, 1);
    assert_int_equal(f->r.domain, 15);
    assert_int_equal(f->r.ap, AP_PRIV_RW);

    /* Index 0: VA 0x000FF000 -> section at PA 0x7FF00000 -> 0x7FFFF000. */
    set_l1(f, 0x00000000u, l1_section(0x7FF00000u, AP_RW, 1, 0));
    expect_pa(f, 0x000FF000u, MMU_WRITE, true, 0x7FFFF000u);
    assert_int_equal(f->r.c, 0);
    assert_int_equal(f->r.b, 0);
}

/* ---- coarse tables ---- */

static void test_coarse_small_page(void **state)
{
    struct fixture *f = *state;

    /* VA 0x003xxxxx (L1 index 3) -> coarse table at COARSE_PA, domain 2.
     * VA 0x00307ABC: coarse index VA[19:12] = 0x07; small page PA 0x12345000, C only:
     * PA = 0x12345000 | VA[11:0] 0xABC = 0x12345ABC. */
    set_l1(f, 0x00300000u, l1_coarse(COARSE_PA, 2));
    set_coarse(f, COARSE_PA, 0x00307000u, l2_small(0x12345000u, l2_ap_all(AP_RW), L2_C));
    expect_pa(f, 0x00307ABCu, MMU_READ, false, 0x12345ABCu);
    assert_int_equal(f->r.c, 1);
    assert_int_equal(f->r.b, 0);
    assert_int_equal(f->r.domain, 2); /* from the first-level descriptor */
    assert_int_equal(f->r.ap, AP_RW);
    assert_int_equal(f->r.page_log2, 12); /* 4 KB */

    /* Last entry: VA 0x003FF123 -> index 0xFF -> PA 0xFEDCB000, B only -> 0xFEDCB123. */
    set_coarse(f, COARSE_PA, 0x003FF000u, l2_small(0xFEDCB000u, l2_ap_all(AP_RW), L2_B));
    expect_pa(f, 0x003FF123u, MMU_READ, false, 0xFEDCB123u);
    assert_int_equal(f->r.c, 0);
    assert_int_equal(f->r.b, 1);

    /* First entry: VA 0x00300FFF -> index 0 -> PA 0x00001000 -> 0x00001FFF. */
    set_coarse(f, COARSE_PA, 0x00300000u, l2_small(0x00001000u, l2_ap_all(AP_RW), 0));
    expect_pa(f, 0x00300FFFu, MMU_READ, false, 0x00001FFFu);

    /* The neighbouring page, index 0x08, is still a fault entry: translation fault
     * (page), whose domain field is valid: 0x7 | 2 << 4 = 0x27. */
    assert_int_equal(xlate(f, 0x00308000u, MMU_READ, false), 0x27u);
}

static void test_coarse_large_page(void **state)
{
    struct fixture *f = *state;

    /* VA 0x0041xxxx (L1 index 4) -> coarse table COARSE2_PA, domain 9. The large page
     * covering VA 0x00410000-0x0041FFFF fills coarse entries 0x10..0x1F. Its PA is
     * base[31:16] | VA[15:0], so VA[15:12] come from the VA, not the descriptor:
     * VA 0x00410000 + i * 0x1000 + 0x0FC -> 0x76540000 + i * 0x1000 + 0x0FC. */
    set_l1(f, 0x00400000u, l1_coarse(COARSE2_PA, 9));
    set_coarse_large(f, COARSE2_PA, 0x00410000u,
                     l2_large(0x76540000u, l2_ap_all(AP_RW), L2_C | L2_B));
    for (uint32_t i = 0; i < 16u; i++) {
        expect_pa(f, 0x00410000u + i * 0x1000u + 0x0FCu, MMU_READ, false,
                  0x76540000u + i * 0x1000u + 0x0FCu);
        assert_int_equal(f->r.c, 1);
        assert_int_equal(f->r.b, 1);
        assert_int_equal(f->r.domain, 9);
        assert_int_equal(f->r.page_log2, 16); /* 64 KB */
    }
    /* Entry 0x20 (VA 0x00420000) is past the 16 copies: translation fault (page),
     * 0x7 | 9 << 4 = 0x97. */
    assert_int_equal(xlate(f, 0x00420000u, MMU_READ, false), 0x97u);
}

static void test_large_page_entry_at_va_index(void **state)
{
    struct fixture *f = *state;

    /* The walker reads the copy the VA indexes, and still takes VA[15:12] from the VA:
     * with only entry 0x13 written, VA 0x00413456 -> 0x76540000 | 0x3456 = 0x76543456,
     * and VA 0x00412000 (entry 0x12, a fault) -> 0x7 | 9 << 4 = 0x97. */
    set_l1(f, 0x00400000u, l1_coarse(COARSE2_PA, 9));
    set_coarse(f, COARSE2_PA, 0x00413000u, l2_large(0x76540000u, l2_ap_all(AP_RW), 0));
    expect_pa(f, 0x00413456u, MMU_READ, false, 0x76543456u);
    assert_int_equal(xlate(f, 0x00412000u, MMU_READ, false), 0x97u);
}

static void test_large_page_subpage_ap(void **state)
{
    struct fixture *f = *state;

    /* A large page's four APs cover 16 KB subpages, selected by VA[15:14]:
     * offset 0x0000 -> AP0 RW, 0x4000 -> AP1 USER_RO, 0x8000 -> AP2 PRIV_RW,
     * 0xC000 -> AP3 NONE. Domain 9, client: a permission fault (page) is 0xF | 9 << 4
     * = 0x9F. */
    set_l1(f, 0x00400000u, l1_coarse(COARSE2_PA, 9));
    set_coarse_large(f, COARSE2_PA, 0x00410000u,
                     l2_large(0x76540000u, l2_aps(AP_RW, AP_USER_RO, AP_PRIV_RW, AP_NONE), 0));
    expect_perms(f, 0x00413FFCu, 0, 0, 0, 0); /* last word of subpage 0 */
    expect_ap(f, 0x00413FFCu, AP_RW);
    expect_perms(f, 0x00414000u, 0, 0, 0, 0x9Fu);
    expect_ap(f, 0x00414000u, AP_USER_RO);
    expect_perms(f, 0x00418800u, 0, 0, 0x9Fu, 0x9Fu);
    expect_ap(f, 0x00418800u, AP_PRIV_RW);
    expect_perms(f, 0x0041FFFFu, 0x9Fu, 0x9Fu, 0x9Fu, 0x9Fu);
}

/* ---- fine tables ---- */

static void test_fine_tiny_pages(void **state)
{
    struct fixture *f = *state;

    /* VA 0x005xxxxx (L1 index 5) -> fine table FINE_PA, domain 3. Fine index is
     * VA[19:10]: VA 0x00500C00 -> (0x00500C00 >> 10) & 0x3FF = 0x003.
     * Tiny page PA 0x2468A400, whose bits 11:10 (01) differ from the VA's (11): the PA
     * is base[31:10] | VA[9:0], VA 0x00500DEF -> 0x2468A400 | 0x1EF = 0x2468A5EF. */
    set_l1(f, 0x00500000u, l1_fine(FINE_PA, 3));
    set_fine(f, FINE_PA, 0x00500C00u, l2_tiny(0x2468A400u, AP_RW, L2_C));
    expect_pa(f, 0x00500DEFu, MMU_READ, false, 0x2468A5EFu);
    assert_int_equal(f->r.c, 1);
    assert_int_equal(f->r.b, 0);
    assert_int_equal(f->r.domain, 3);
    assert_int_equal(f->r.page_log2, 10); /* 1 KB */

    /* The next 1 KB, index 0x004 (VA 0x00501000), maps somewhere unrelated:
     * VA 0x00501010 -> 0x13579000 | 0x010 = 0x13579010. */
    set_fine(f, FINE_PA, 0x00501000u, l2_tiny(0x13579000u, AP_USER_RO, L2_B));
    expect_pa(f, 0x00501010u, MMU_READ, true, 0x13579010u);
    assert_int_equal(f->r.c, 0);
    assert_int_equal(f->r.b, 1);
    assert_int_equal(f->r.ap, AP_USER_RO);
    /* Its single AP is USER_RO: a user write is a permission fault (page),
     * 0xF | 3 << 4 = 0x3F. */
    assert_int_equal(xlate(f, 0x00501010u, MMU_WRITE, true), 0x3Fu);

    /* Last entry, index 0x3FF (VA 0x005FFC00, VA[11:10] = 11) to PA 0xFFFFF000
     * (bits 11:10 = 00): VA 0x005FFFFF -> 0xFFFFF000 | 0x3FF = 0xFFFFF3FF. */
    set_fine(f, FINE_PA, 0x005FFC00u, l2_tiny(0xFFFFF000u, AP_RW, 0));
    expect_pa(f, 0x005FFFFFu, MMU_READ, false, 0xFFFFF3FFu);

    /* Index 0x002 (VA 0x00500800) is a fault entry: 0x7 | 3 << 4 = 0x37. */
    assert_int_equal(xlate(f, 0x00500BFFu, MMU_READ, false), 0x37u);
}

static void test_fine_small_page(void **state)
{
    struct fixture *f = *state;

    /* A small page in a fine table fills 4 entries (4 KB / 1 KB): VA 0x00508000 ->
     * indices 0x020..0x023. PA 0x0ABCD000: VA 0x00508E10 (index 0x023, subpage
     * VA[11:10] = 3) -> 0x0ABCD000 | 0xE10 = 0x0ABCDE10, AP from AP3. */
    set_l1(f, 0x00500000u, l1_fine(FINE_PA, 3));
    for (uint32_t i = 0; i < 4u; i++)
        set_fine(f, FINE_PA, 0x00508000u + i * 0x400u,
                 l2_small(0x0ABCD000u, l2_aps(AP_RW, AP_RW, AP_RW, AP_USER_RO), 0));
    expect_pa(f, 0x00508E10u, MMU_READ, false, 0x0ABCDE10u);
    assert_int_equal(f->r.ap, AP_USER_RO);
    assert_int_equal(f->r.page_log2, 12);
    expect_pa(f, 0x00508004u, MMU_WRITE, true, 0x0ABCD004u);
    assert_int_equal(f->r.ap, AP_RW);
}

static void test_tiny_in_coarse_faults(void **state)
{
    struct fixture *f = *state;

    /* Tiny pages exist only in fine tables; descriptor type 3 in a coarse table is a
     * translation fault (page): 0x7 | 2 << 4 = 0x27. */
    set_l1(f, 0x00300000u, l1_coarse(COARSE_PA, 2));
    set_coarse(f, COARSE_PA, 0x00301000u, l2_tiny(0x12345000u, AP_RW, 0));
    assert_int_equal(xlate(f, 0x00301000u, MMU_READ, false), 0x27u);
}

/* ---- access permissions ---- */

static void test_ap_section_without_s_r(void **state)
{
    struct fixture *f = *state;

    /* Four sections in client domain 1, at VA 0x01000000 + AP << 20 (L1 indices
     * 0x010..0x013). Table B4-1 with S = R = 0:
     *   AP  priv R  priv W  user R  user W
     *   00  fault   fault   fault   fault
     *   01  ok      ok      fault   fault
     *   10  ok      ok      ok      fault
     *   11  ok      ok      ok      ok
     * A permission fault (section) in domain 1 is 0xD | 1 << 4 = 0x1D. */
    for (unsigned ap = 0; ap < 4; ap++)
        set_l1(f, 0x01000000u + (ap << 20), l1_section(0x30000000u, ap, 1, 0));
    expect_perms(f, 0x01000000u, 0x1Du, 0x1Du, 0x1Du, 0x1Du);
    expect_perms(f, 0x01100000u, 0, 0, 0x1Du, 0x1Du);
    expect_perms(f, 0x01200000u, 0, 0, 0, 0x1Du);
    expect_perms(f, 0x01300000u, 0, 0, 0, 0);
}

static void test_ap_page_fault_code(void **state)
{
    struct fixture *f = *state;

    /* The same table for small pages, domain 6 (permission fault (page) is
     * 0xF | 6 << 4 = 0x6F): coarse entries 0..3 (VA 0x00300000 + AP << 12). */
    set_l1(f, 0x00300000u, l1_coarse(COARSE_PA, 6));
    for (unsigned ap = 0; ap < 4; ap++)
        set_coarse(f, COARSE_PA, 0x00300000u + (ap << 12), l2_small(0x30000000u, l2_ap_all(ap), 0));
    expect_perms(f, 0x00300000u, 0x6Fu, 0x6Fu, 0x6Fu, 0x6Fu);
    expect_perms(f, 0x00301000u, 0, 0, 0x6Fu, 0x6Fu);
    expect_perms(f, 0x00302000u, 0, 0, 0, 0x6Fu);
    expect_perms(f, 0x00303000u, 0, 0, 0, 0);
}

static void test_ap_none_with_s_and_r(void **state)
{
    struct fixture *f = *state;

    /* AP = 00 depends on SCTLR S and R (table B4-1):
     *   S R   priv R  priv W  user R  user W
     *   0 0   fault   fault   fault   fault   (test above)
     *   1 0   ok      fault   fault   fault
     *   0 1   ok      fault   ok      fault
     * Section in domain 4: permission fault 0xD | 4 << 4 = 0x4D. (S = R = 1 is
     * UNPREDICTABLE and not tested.) */
    set_l1(f, 0x02000000u, l1_section(0x30000000u, AP_NONE, 4, 0));
    mmu_set_sctlr(&f->m, SCTLR_M | SCTLR_S);
    expect_perms(f, 0x02000000u, 0, 0x4Du, 0x4Du, 0x4Du);
    mmu_set_sctlr(&f->m, SCTLR_M | SCTLR_R);
    expect_perms(f, 0x02000000u, 0, 0x4Du, 0, 0x4Du);
    /* S and R change nothing for the other AP values: AP = 01 stays user-none. */
    set_l1(f, 0x02100000u, l1_section(0x30000000u, AP_PRIV_RW, 4, 0));
    expect_perms(f, 0x02100000u, 0, 0, 0x4Du, 0x4Du);
}

static void test_exec_checks_like_read(void **state)
{
    struct fixture *f = *state;

    /* An instruction fetch needs read permission (ARMv5 has no execute-never):
     * AP 10 lets user code run, AP 01 does not (0xD | 1 << 4 = 0x1D), and AP 00 with
     * R lets everyone run. */
    set_l1(f, 0x01100000u, l1_section(0x30000000u, AP_PRIV_RW, 1, 0));
    set_l1(f, 0x01200000u, l1_section(0x30000000u, AP_USER_RO, 1, 0));
    set_l1(f, 0x01000000u, l1_section(0x30000000u, AP_NONE, 1, 0));
    assert_int_equal(xlate(f, 0x01200000u, MMU_EXEC, true), 0);
    assert_int_equal(xlate(f, 0x01100000u, MMU_EXEC, true), 0x1Du);
    assert_int_equal(xlate(f, 0x01100000u, MMU_EXEC, false), 0);
    assert_int_equal(xlate(f, 0x01000000u, MMU_EXEC, false), 0x1Du);
    mmu_set_sctlr(&f->m, SCTLR_M | SCTLR_R);
    assert_int_equal(xlate(f, 0x01000000u, MMU_EXEC, true), 0);
}

/* ---- domains ---- */

static void test_dacr_no_access(void **state)
{
    struct fixture *f = *state;

    /* Domain 7 no access (DACR bits 15:14 = 00), the rest client. Any access, even with
     * AP = 11, is a domain fault: section 0x9 | 7 << 4 = 0x79, page 0xB | 7 << 4 = 0x7B.
     * Domain 15 (bits 31:30) checks the top field: 0x9 | 15 << 4 = 0xF9. */
    mmu_set_dacr(&f->m, DACR_ALL_CLIENT & ~DACR_FIELD(7, 3) & ~DACR_FIELD(15, 3));
    set_l1(f, 0x03000000u, l1_section(0x30000000u, AP_RW, 7, 0));
    set_l1(f, 0x00300000u, l1_coarse(COARSE_PA, 7));
    set_coarse(f, COARSE_PA, 0x00300000u, l2_small(0x30000000u, l2_ap_all(AP_RW), 0));
    set_l1(f, 0x03100000u, l1_section(0x30000000u, AP_RW, 15, 0));
    expect_perms(f, 0x03000000u, 0x79u, 0x79u, 0x79u, 0x79u);
    expect_perms(f, 0x00300000u, 0x7Bu, 0x7Bu, 0x7Bu, 0x7Bu);
    expect_perms(f, 0x03100000u, 0xF9u, 0xF9u, 0xF9u, 0xF9u);
}

static void test_dacr_client_and_manager(void **state)
{
    struct fixture *f = *state;

    /* DACR: domain 6 client (bits 13:12 = 01), domain 7 manager (bits 15:14 = 11),
     * domain 8 no access: 0x1000 | 0xC000 = 0xD000. Three sections with AP = 00:
     * client checks AP (permission fault 0xD | 6 << 4 = 0x6D), manager does not (all
     * allowed, even a user write), no access faults (0x9 | 8 << 4 = 0x89). */
    mmu_set_dacr(&f->m, DACR_FIELD(6, DACR_CLIENT) | DACR_FIELD(7, DACR_MANAGER));
    assert_int_equal(f->m.dacr, 0xD000u);
    set_l1(f, 0x04000000u, l1_section(0x30000000u, AP_NONE, 6, 0));
    set_l1(f, 0x04100000u, l1_section(0x30000000u, AP_NONE, 7, 0));
    set_l1(f, 0x04200000u, l1_section(0x30000000u, AP_NONE, 8, 0));
    expect_perms(f, 0x04000000u, 0x6Du, 0x6Du, 0x6Du, 0x6Du);
    expect_perms(f, 0x04100000u, 0, 0, 0, 0);
    expect_perms(f, 0x04200000u, 0x89u, 0x89u, 0x89u, 0x89u);

    /* Manager also overrides page APs: small page AP 00 in domain 7, user write ok. */
    set_l1(f, 0x00300000u, l1_coarse(COARSE_PA, 7));
    set_coarse(f, COARSE_PA, 0x00300000u, l2_small(0x30000000u, l2_ap_all(AP_NONE), 0));
    expect_pa(f, 0x00300123u, MMU_WRITE, true, 0x30000123u);
}

static void test_dacr_reserved(void **state)
{
    struct fixture *f = *state;

    /* DACR value 10 is reserved; the walker treats it as no access (the ARM926 TRM:
     * "currently behaves like no access"): domain fault, section 0x9 | 2 << 4 = 0x29,
     * page 0xB | 2 << 4 = 0x2B. */
    mmu_set_dacr(&f->m, DACR_FIELD(2, DACR_RESERVED));
    set_l1(f, 0x05000000u, l1_section(0x30000000u, AP_RW, 2, 0));
    set_l1(f, 0x00300000u, l1_coarse(COARSE_PA, 2));
    set_coarse(f, COARSE_PA, 0x00300000u, l2_small(0x30000000u, l2_ap_all(AP_RW), 0));
    expect_perms(f, 0x05000000u, 0x29u, 0x29u, 0x29u, 0x29u);
    expect_perms(f, 0x00300000u, 0x2Bu, 0x2Bu, 0x2Bu, 0x2Bu);
}

/* ---- fault status codes ---- */

static void test_translation_faults(void **state)
{
    struct fixture *f = *state;

    /* First-level fault entry: translation fault (section), 0x5. The domain field is
     * invalid for it (B4 table of fault status); the walker reports 0 even when the
     * ignored bits of the fault descriptor hold a domain (0xFFFFFFFC: type 00). */
    assert_int_equal(xlate(f, 0x00F00000u, MMU_READ, false), FSR_TRANSLATION_SECTION);
    set_l1(f, 0x00E00000u, 0xFFFFFFFCu & ~L1_TYPE_MASK);
    assert_int_equal(xlate(f, 0x00E12345u, MMU_WRITE, true), 0x5u);

    /* Second-level fault entries: translation fault (page) with the domain of the L1
     * descriptor: coarse in domain 10 -> 0x7 | 10 << 4 = 0xA7; fine in domain 11 ->
     * 0x7 | 11 << 4 = 0xB7. */
    set_l1(f, 0x00300000u, l1_coarse(COARSE_PA, 10));
    set_l1(f, 0x00500000u, l1_fine(FINE_PA, 11));
    assert_int_equal(xlate(f, 0x00300000u, MMU_READ, false), 0xA7u);
    assert_int_equal(xlate(f, 0x00500000u, MMU_READ, false), 0xB7u);
    assert_int_equal(f->r.fsr & FSR_STATUS_MASK, FSR_TRANSLATION_PAGE);
    assert_int_equal(f->r.fsr >> FSR_DOMAIN_SHIFT, 11);
}

static void test_fault_priority(void **state)
{
    struct fixture *f = *state;

    /* Translation before domain: a missing page in a no-access domain 7 is a
     * translation fault, 0x7 | 7 << 4 = 0x77 (not 0x7B). Domain before permission: a
     * section with AP 00 in that domain is a domain fault 0x9 | 7 << 4 = 0x79
     * (not 0x7D). */
    mmu_set_dacr(&f->m, DACR_ALL_CLIENT & ~DACR_FIELD(7, 3));
    set_l1(f, 0x00300000u, l1_coarse(COARSE_PA, 7));
    set_l1(f, 0x06000000u, l1_section(0x30000000u, AP_NONE, 7, 0));
    assert_int_equal(xlate(f, 0x00300000u, MMU_WRITE, true), 0x77u);
    assert_int_equal(xlate(f, 0x06000000u, MMU_WRITE, true), 0x79u);
}

static void test_external_abort_l1(void **state)
{
    struct fixture *f = *state;

    /* TTBR0 below RAM (0) and just past it: the first-level read fails, external abort
     * on translation (first level) 0xC, domain invalid (0). */
    mmu_set_ttbr0(&f->m, 0x00000000u);
    assert_int_equal(xlate(f, 0x12345678u, MMU_READ, false), FSR_EXT_ABORT_L1);
    assert_int_equal(f->r.fsr, 0xCu);
    mmu_set_ttbr0(&f->m, RAM_BASE + RAM_SIZE);
    assert_int_equal(xlate(f, 0x00000000u, MMU_READ, false), 0xCu);

    /* An L1 table whose last word is the last word of RAM: TTBR0 = RAM_BASE + 0xC000;
     * VA 0xFFF00000 indexes entry 0xFFF at + 0x3FFC = RAM_BASE + 0xFFFC, inside. */
    mmu_set_ttbr0(&f->m, L1_TOP_PA);
    set_l1_in(f, L1_TOP_PA, 0xFFF00000u, l1_section(0x00000000u, AP_RW, 0, 0));
    expect_pa(f, 0xFFF12345u, MMU_READ, false, 0x00012345u);
}

static void test_external_abort_l2(void **state)
{
    struct fixture *f = *state;

    /* A coarse table at PA 0x00001000 (outside RAM) in domain 4: external abort on
     * translation (second level), whose domain is valid: 0xE | 4 << 4 = 0x4E. A fine
     * table just past RAM in domain 12: 0xE | 12 << 4 = 0xCE. */
    set_l1(f, 0x00300000u, l1_coarse(0x00001000u, 4));
    set_l1(f, 0x00500000u, l1_fine(RAM_BASE + RAM_SIZE, 12));
    assert_int_equal(xlate(f, 0x00300000u, MMU_READ, false), 0x4Eu);
    assert_int_equal(xlate(f, 0x00500000u, MMU_READ, false), 0xCEu);

    /* A coarse table in the last 1 KB of RAM: entry 0xFF is the last word, inside. */
    set_l1(f, 0x00600000u, l1_coarse(RAM_BASE + RAM_SIZE - 0x400u, 4));
    set_coarse(f, RAM_BASE + RAM_SIZE - 0x400u, 0x006FF000u,
               l2_small(0x00ABC000u, l2_ap_all(AP_RW), 0));
    expect_pa(f, 0x006FF001u, MMU_READ, false, 0x00ABC001u);
}

static void test_fsr_names(void **state)
{
    (void)state;
    assert_string_equal(armv5_fsr_name(0x27u), "translation fault (page)");
    assert_string_equal(armv5_fsr_name(FSR_TRANSLATION_SECTION), "translation fault (section)");
    assert_string_equal(armv5_fsr_name(0x79u), "domain fault (section)");
    assert_string_equal(armv5_fsr_name(0x6Fu), "permission fault (page)");
    assert_string_equal(armv5_fsr_name(0x4Eu), "external abort on translation (second level)");
}

/* ---- host TLB ---- */

static void test_tlb_hit_after_walk(void **state)
{
    struct fixture *f = *state;

    /* One walk fills the entry for the 4 KB page; another address in the same page hits
     * (and gets its own offset); the next page walks again. */
    set_l1(f, 0x12300000u, l1_section(0x45600000u, AP_RW, 5, L1_C));
    expect_pa(f, 0x12345678u, MMU_READ, false, 0x45645678u);
    assert_int_equal(f->m.walks, 1);
    assert_int_equal(f->m.tlb_hits, 0);
    expect_pa(f, 0x12345FFCu, MMU_WRITE, true, 0x45645FFCu);
    assert_int_equal(f->r.c, 1);
    assert_int_equal(f->r.domain, 5);
    assert_int_equal(f->m.walks, 1);
    assert_int_equal(f->m.tlb_hits, 1);
    expect_pa(f, 0x12346000u, MMU_READ, false, 0x45646000u);
    assert_int_equal(f->m.walks, 2);
    assert_int_equal(f->m.tlb_hits, 1);
}

static void test_tlb_checks_access_on_hit(void **state)
{
    struct fixture *f = *state;

    /* A cached entry is still checked against each access: AP 10 in domain 1, a
     * privileged write fills the entry, the user write then faults from the cache
     * (0xD | 1 << 4 = 0x1D, a hit, no walk). */
    set_l1(f, 0x01200000u, l1_section(0x30000000u, AP_USER_RO, 1, 0));
    assert_int_equal(xlate(f, 0x01200000u, MMU_WRITE, false), 0);
    assert_int_equal(xlate(f, 0x01200004u, MMU_WRITE, true), 0x1Du);
    assert_int_equal(f->m.walks, 1);
    assert_int_equal(f->m.tlb_hits, 1);
}

static void test_tlb_faults_not_cached(void **state)
{
    struct fixture *f = *state;

    /* A translation fault leaves nothing behind: each try walks, and a mapping written
     * afterwards is seen without any flush. */
    assert_int_equal(xlate(f, 0x07000000u, MMU_READ, false), 0x5u);
    assert_int_equal(xlate(f, 0x07000000u, MMU_READ, false), 0x5u);
    assert_int_equal(f->m.walks, 2);
    set_l1(f, 0x07000000u, l1_section(0x30000000u, AP_RW, 0, 0));
    expect_pa(f, 0x07000010u, MMU_READ, false, 0x30000010u);
    assert_int_equal(f->m.walks, 3);
    assert_int_equal(f->m.tlb_hits, 0);
}

static void test_tlb_slot_collision(void **state)
{
    struct fixture *f = *state;

    /* The TLB is direct mapped by VA[19:12] (256 entries): VA 0x08001000 and 0x08101000
     * share slot 1. Each evicts the other; neither is mistaken for the other.
     * PA = section base | VA[19:0]: 0x30000000 | 0x01004, 0x40000000 | 0x01004. */
    set_l1(f, 0x08000000u, l1_section(0x30000000u, AP_RW, 0, 0));
    set_l1(f, 0x08100000u, l1_section(0x40000000u, AP_RW, 0, 0));
    expect_pa(f, 0x08001004u, MMU_READ, false, 0x30001004u);
    expect_pa(f, 0x08101004u, MMU_READ, false, 0x40001004u);
    expect_pa(f, 0x08001008u, MMU_READ, false, 0x30001008u);
    assert_int_equal(f->m.walks, 3);
    assert_int_equal(f->m.tlb_hits, 0);
}

static void test_tlb_flush_va_small_page(void **state)
{
    struct fixture *f = *state;

    /* Map VA 0x00301000 -> 0x11111000 and cache it; rewrite the entry to 0x22222000 in
     * RAM. The host TLB, like the hardware one, keeps the old translation until the
     * guest invalidates it; flushing VA 0x00401000 (same slot 1, another page) does not
     * drop it; flushing the VA does. */
    set_l1(f, 0x00300000u, l1_coarse(COARSE_PA, 2));
    set_coarse(f, COARSE_PA, 0x00301000u, l2_small(0x11111000u, l2_ap_all(AP_RW), 0));
    expect_pa(f, 0x00301ABCu, MMU_READ, false, 0x11111ABCu);
    set_coarse(f, COARSE_PA, 0x00301000u, l2_small(0x22222000u, l2_ap_all(AP_RW), 0));
    expect_pa(f, 0x00301ABCu, MMU_READ, false, 0x11111ABCu); /* stale, a hit */
    assert_int_equal(f->m.tlb_hits, 1);
    mmu_tlb_flush_va(&f->m, 0x00401000u);
    expect_pa(f, 0x00301ABCu, MMU_READ, false, 0x11111ABCu); /* still stale */
    assert_int_equal(f->m.walks, 1);
    mmu_tlb_flush_va(&f->m, 0x00301FFFu); /* any address in the page */
    expect_pa(f, 0x00301ABCu, MMU_READ, false, 0x22222ABCu);
    assert_int_equal(f->m.walks, 2);
}

static void test_tlb_flush_va_section(void **state)
{
    struct fixture *f = *state;

    /* The hardware holds a section as one TLB entry: invalidating any VA in it drops
     * the whole 1 MB. The host holds it as 4 KB entries; they must all go.
     * Section VA 0x09000000 -> 0x30000000, pages 0x09000000 and 0x09005000 cached,
     * then the section moved to 0x50000000 and VA 0x09000000 invalidated:
     * VA 0x09005678 -> 0x50005678. */
    set_l1(f, 0x09000000u, l1_section(0x30000000u, AP_RW, 0, 0));
    expect_pa(f, 0x09000000u, MMU_READ, false, 0x30000000u);
    expect_pa(f, 0x09005678u, MMU_READ, false, 0x30005678u);
    set_l1(f, 0x09000000u, l1_section(0x50000000u, AP_RW, 0, 0));
    expect_pa(f, 0x09005678u, MMU_READ, false, 0x30005678u); /* stale */
    mmu_tlb_flush_va(&f->m, 0x09000000u);
    expect_pa(f, 0x09005678u, MMU_READ, false, 0x50005678u);
    expect_pa(f, 0x09000000u, MMU_READ, false, 0x50000000u);
}

static void test_tlb_flush_va_large_page(void **state)
{
    struct fixture *f = *state;

    /* Likewise a 64 KB large page is one hardware entry. Large page VA 0x00410000 ->
     * 0x76540000, pages 0x00410000 and 0x0041F000 cached; the 16 copies rewritten to
     * 0x12340000 and VA 0x00410000 invalidated: VA 0x0041F004 -> 0x1234F004. */
    set_l1(f, 0x00400000u, l1_coarse(COARSE2_PA, 9));
    set_coarse_large(f, COARSE2_PA, 0x00410000u, l2_large(0x76540000u, l2_ap_all(AP_RW), 0));
    expect_pa(f, 0x00410000u, MMU_READ, false, 0x76540000u);
    expect_pa(f, 0x0041F004u, MMU_READ, false, 0x7654F004u);
    set_coarse_large(f, COARSE2_PA, 0x00410000u, l2_large(0x12340000u, l2_ap_all(AP_RW), 0));
    expect_pa(f, 0x0041F004u, MMU_READ, false, 0x7654F004u); /* stale */
    mmu_tlb_flush_va(&f->m, 0x00410000u);
    expect_pa(f, 0x0041F004u, MMU_READ, false, 0x1234F004u);
}

static void test_tlb_flush_va_keeps_others(void **state)
{
    struct fixture *f = *state;

    /* Invalidating one section leaves a page of another region cached: VA 0x00301000
     * (coarse, slot 1) still hits after invalidating VA 0x09000000 (section page
     * 0x09002000 cached in slot 2, so the two do not evict each other). */
    set_l1(f, 0x00300000u, l1_coarse(COARSE_PA, 2));
    set_coarse(f, COARSE_PA, 0x00301000u, l2_small(0x11111000u, l2_ap_all(AP_RW), 0));
    set_l1(f, 0x09000000u, l1_section(0x30000000u, AP_RW, 0, 0));
    expect_pa(f, 0x00301000u, MMU_READ, false, 0x11111000u);
    expect_pa(f, 0x09002000u, MMU_READ, false, 0x30002000u);
    mmu_tlb_flush_va(&f->m, 0x09000000u);
    expect_pa(f, 0x00301004u, MMU_READ, false, 0x11111004u);
    assert_int_equal(f->m.walks, 2);
    assert_int_equal(f->m.tlb_hits, 1);
}

static void test_tlb_flush_all(void **state)
{
    struct fixture *f = *state;

    /* mmu_tlb_flush drops everything: the moved section is seen at once. */
    set_l1(f, 0x09000000u, l1_section(0x30000000u, AP_RW, 0, 0));
    expect_pa(f, 0x09000000u, MMU_READ, false, 0x30000000u);
    set_l1(f, 0x09000000u, l1_section(0x50000000u, AP_RW, 0, 0));
    mmu_tlb_flush(&f->m);
    expect_pa(f, 0x09000000u, MMU_READ, false, 0x50000000u);
    assert_int_equal(f->m.walks, 2);
}

static void test_tlb_flush_on_ttbr0(void **state)
{
    struct fixture *f = *state;

    /* Writing TTBR0, even with the same value, empties the host TLB. Then a switch to
     * the second table maps the same VA elsewhere: 0x0A000010 -> 0x60000010. */
    set_l1(f, 0x0A000000u, l1_section(0x30000000u, AP_RW, 0, 0));
    set_l1_in(f, L1B_PA, 0x0A000000u, l1_section(0x60000000u, AP_RW, 0, 0));
    expect_pa(f, 0x0A000010u, MMU_READ, false, 0x30000010u);
    set_l1(f, 0x0A000000u, l1_section(0x50000000u, AP_RW, 0, 0));
    expect_pa(f, 0x0A000010u, MMU_READ, false, 0x30000010u); /* stale */
    mmu_set_ttbr0(&f->m, L1_PA);
    expect_pa(f, 0x0A000010u, MMU_READ, false, 0x50000010u);
    mmu_set_ttbr0(&f->m, L1B_PA);
    expect_pa(f, 0x0A000010u, MMU_READ, false, 0x60000010u);
    assert_int_equal(f->m.walks, 3);
}

static void test_tlb_flush_on_dacr(void **state)
{
    struct fixture *f = *state;

    set_l1(f, 0x0A000000u, l1_section(0x30000000u, AP_RW, 3, 0));
    expect_pa(f, 0x0A000010u, MMU_READ, false, 0x30000010u);
    set_l1(f, 0x0A000000u, l1_section(0x50000000u, AP_RW, 3, 0));
    expect_pa(f, 0x0A000010u, MMU_READ, false, 0x30000010u); /* stale */
    mmu_set_dacr(&f->m, DACR_ALL_CLIENT);
    expect_pa(f, 0x0A000010u, MMU_READ, false, 0x50000010u);
    /* And the new DACR applies: domain 3 no access -> 0x9 | 3 << 4 = 0x39. */
    mmu_set_dacr(&f->m, DACR_ALL_CLIENT & ~DACR_FIELD(3, 3));
    assert_int_equal(xlate(f, 0x0A000010u, MMU_READ, false), 0x39u);
}

static void test_tlb_flush_on_sctlr(void **state)
{
    struct fixture *f = *state;

    set_l1(f, 0x0A000000u, l1_section(0x30000000u, AP_RW, 0, 0));
    expect_pa(f, 0x0A000010u, MMU_READ, false, 0x30000010u);
    set_l1(f, 0x0A000000u, l1_section(0x50000000u, AP_RW, 0, 0));
    expect_pa(f, 0x0A000010u, MMU_READ, false, 0x30000010u); /* stale */
    mmu_set_sctlr(&f->m, SCTLR_M | SCTLR_C);
    expect_pa(f, 0x0A000010u, MMU_READ, false, 0x50000010u);
    /* MMU off then on: flat while off, the table's mapping again after. */
    mmu_set_sctlr(&f->m, 0);
    expect_pa(f, 0x0A000010u, MMU_READ, false, 0x0A000010u);
    mmu_set_sctlr(&f->m, SCTLR_M);
    expect_pa(f, 0x0A000010u, MMU_READ, false, 0x50000010u);
}

static void test_subpage_aps_not_cached(void **state)
{
    struct fixture *f = *state;

    /* A small page whose 1 KB subpages have different APs (RW, USER_RO, PRIV_RW, NONE,
     * by VA[11:10]) cannot be one 4 KB host entry: every access walks and gets its own
     * subpage's AP. Domain 2: permission fault (page) 0xF | 2 << 4 = 0x2F. */
    set_l1(f, 0x00300000u, l1_coarse(COARSE_PA, 2));
    set_coarse(f, COARSE_PA, 0x00302000u,
               l2_small(0x44444000u, l2_aps(AP_RW, AP_USER_RO, AP_PRIV_RW, AP_NONE), 0));
    expect_pa(f, 0x00302010u, MMU_WRITE, true, 0x44444010u);
    assert_int_equal(f->r.ap, AP_RW);
    assert_int_equal(xlate(f, 0x00302C00u, MMU_READ, false), 0x2Fu); /* NONE */
    assert_int_equal(xlate(f, 0x00302400u, MMU_WRITE, true), 0x2Fu); /* USER_RO */
    expect_pa(f, 0x00302400u, MMU_READ, true, 0x44444400u);
    assert_int_equal(f->r.ap, AP_USER_RO);
    assert_int_equal(xlate(f, 0x00302BFCu, MMU_READ, true), 0x2Fu); /* PRIV_RW */
    expect_pa(f, 0x00302BFCu, MMU_WRITE, false, 0x44444BFCu);
    assert_int_equal(f->r.ap, AP_PRIV_RW);
    expect_pa(f, 0x00302014u, MMU_WRITE, true, 0x44444014u); /* RW again */
    assert_int_equal(f->m.walks, 7);
    assert_int_equal(f->m.tlb_hits, 0);
}

static void test_uniform_small_page_cached(void **state)
{
    struct fixture *f = *state;

    /* All four subpage APs equal (USER_RO): one 4 KB host entry serves all subpages.
     * The second access (subpage 3) hits; a user write there faults from the cached
     * entry, 0xF | 2 << 4 = 0x2F. */
    set_l1(f, 0x00300000u, l1_coarse(COARSE_PA, 2));
    set_coarse(f, COARSE_PA, 0x00302000u, l2_small(0x44444000u, l2_ap_all(AP_USER_RO), 0));
    expect_pa(f, 0x00302000u, MMU_READ, true, 0x44444000u);
    expect_pa(f, 0x00302C00u, MMU_READ, true, 0x44444C00u);
    assert_int_equal(xlate(f, 0x00302C00u, MMU_WRITE, true), 0x2Fu);
    assert_int_equal(f->m.walks, 1);
    assert_int_equal(f->m.tlb_hits, 2);
}

static void test_large_subpages_cached_apart(void **state)
{
    struct fixture *f = *state;

    /* Large page subpages are 16 KB, so each 4 KB host entry lies in one of them and
     * may be cached: pages at offsets 0x0000 (AP0 RW) and 0x4000 (AP1 USER_RO) walk
     * once each, then hit with their own AP (user write: ok, then 0x9F). */
    set_l1(f, 0x00400000u, l1_coarse(COARSE2_PA, 9));
    set_coarse_large(f, COARSE2_PA, 0x00410000u,
                     l2_large(0x76540000u, l2_aps(AP_RW, AP_USER_RO, AP_RW, AP_RW), 0));
    expect_pa(f, 0x00410000u, MMU_READ, false, 0x76540000u);
    expect_pa(f, 0x00414000u, MMU_READ, false, 0x76544000u);
    assert_int_equal(f->m.walks, 2);
    expect_pa(f, 0x00410008u, MMU_WRITE, true, 0x76540008u);
    assert_int_equal(f->r.ap, AP_RW);
    assert_int_equal(xlate(f, 0x00414008u, MMU_WRITE, true), 0x9Fu);
    assert_int_equal(f->m.walks, 2);
    assert_int_equal(f->m.tlb_hits, 2);
}

static void test_tiny_pages_not_cached(void **state)
{
    struct fixture *f = *state;

    /* Tiny pages are finer than a host entry: two accesses to one tiny page walk twice,
     * and the neighbouring 1 KB in the same 4 KB page gets its own translation
     * (index 0x001 -> 0x2468A000, index 0x002 -> 0x13579800; PA = base | VA[9:0]:
     * VA 0x00500404 -> 0x2468A004, VA 0x00500808 -> 0x13579808). */
    set_l1(f, 0x00500000u, l1_fine(FINE_PA, 3));
    set_fine(f, FINE_PA, 0x00500400u, l2_tiny(0x2468A000u, AP_RW, 0));
    set_fine(f, FINE_PA, 0x00500800u, l2_tiny(0x13579800u, AP_RW, 0));
    expect_pa(f, 0x00500404u, MMU_READ, false, 0x2468A004u);
    expect_pa(f, 0x00500408u, MMU_READ, false, 0x2468A008u);
    expect_pa(f, 0x00500808u, MMU_READ, false, 0x13579808u);
    assert_int_equal(f->m.walks, 3);
    assert_int_equal(f->m.tlb_hits, 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_mmu_off_flat),
        T(test_section_pa_cb_domain),
        T(test_coarse_small_page),
        T(test_coarse_large_page),
        T(test_large_page_entry_at_va_index),
        T(test_large_page_subpage_ap),
        T(test_fine_tiny_pages),
        T(test_fine_small_page),
        T(test_tiny_in_coarse_faults),
        T(test_ap_section_without_s_r),
        T(test_ap_page_fault_code),
        T(test_ap_none_with_s_and_r),
        T(test_exec_checks_like_read),
        T(test_dacr_no_access),
        T(test_dacr_client_and_manager),
        T(test_dacr_reserved),
        T(test_translation_faults),
        T(test_fault_priority),
        T(test_external_abort_l1),
        T(test_external_abort_l2),
        T(test_fsr_names),
        T(test_tlb_hit_after_walk),
        T(test_tlb_checks_access_on_hit),
        T(test_tlb_faults_not_cached),
        T(test_tlb_slot_collision),
        T(test_tlb_flush_va_small_page),
        T(test_tlb_flush_va_section),
        T(test_tlb_flush_va_large_page),
        T(test_tlb_flush_va_keeps_others),
        T(test_tlb_flush_all),
        T(test_tlb_flush_on_ttbr0),
        T(test_tlb_flush_on_dacr),
        T(test_tlb_flush_on_sctlr),
        T(test_subpage_aps_not_cached),
        T(test_uniform_small_page_cached),
        T(test_large_subpages_cached_apart),
        T(test_tiny_pages_not_cached),
    };

    return cmocka_run_group_tests_name("mmu", tests, NULL, NULL);
}
