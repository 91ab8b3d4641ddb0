# The guided tour, docs/HOW-LOADING-WORKS.md (issue 15): its outputs are
# made by tests/tour.sh from the markers in the document.
#   make test-tour   run every block again and compare (part of make test; the
#                    kernel blocks as root: take the kernel lock)
#   make tour-doc    rewrite the document's blocks after a change
#   make tour-btf    remake tests/fixtures/btf/tour.btf, the tour's CO-RE target:
#                    the running kernel's BTF cut to the tour object's needs
# The object is a committed fixture (tests/progs/obj/tour.bpf.c, mk/obj_fixtures.mk).
TEST_EXTRA += test-tour

.PHONY: test-tour tour-doc tour-btf
test-tour: $(B)/barebpf
	@tests/tour.sh $(B)/barebpf

tour-doc: $(B)/barebpf
	@tests/tour.sh $(B)/barebpf --write

tour-btf: $(B)/barebpf
	@rm -rf $(B)/tour-btf
	$(B)/barebpf gen min-btf tests/fixtures/obj/tour.bpf.o --btf /sys/kernel/btf/vmlinux \
		--out $(B)/tour-btf
	cp $(B)/tour-btf/vmlinux.btf tests/fixtures/btf/tour.btf
