// SPDX-License-Identifier: BSD-2-Clause
/*
 * zlib's compressor, left out of the static CLI. libelf's elf_compress.c
 * holds both directions in one object, so linking its inflate side (which
 * reads compressed sections) pulls deflate, its trees and tables (~35 KB)
 * with it, although barebpf never compresses: nothing of ours calls
 * elf_compress() or writes an ELF file. Defining the three entry points
 * libelf names keeps libz.a's deflate.o out of the link. Should something
 * ever ask to compress, deflateInit_ refuses as zlib does for a bad stream,
 * and libelf turns that into its own error.
 * Only build/barebpf-static links this file (mk/static.mk).
 */
#include <zlib.h>

int deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
	(void)strm;
	(void)level;
	(void)version;
	(void)stream_size;
	return Z_STREAM_ERROR;
}

int deflate(z_streamp strm, int flush)
{
	(void)strm;
	(void)flush;
	return Z_STREAM_ERROR;
}

int deflateEnd(z_streamp strm)
{
	(void)strm;
	return Z_STREAM_ERROR;
}
