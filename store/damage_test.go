package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDamagedFileNotLeftLocked opens damaged files twice in one process:
// the second open must report the damage again, not find the file locked
// by the first (bbolt keeps the lock while a failed open's mapping lives).
func TestDamagedFileNotLeftLocked(t *testing.T) {
	full := projectBytes(t)
	pageSize := int64(binary.LittleEndian.Uint32(full[pageHeaderSize+8:]))
	txid := func(i int64) uint64 { return binary.LittleEndian.Uint64(full[i*pageSize+metaTxidAt:]) }
	meta := int64(0)
	if txid(1) > txid(0) {
		meta = 1
	}
	freelist, err := currentFreelist(bytes.NewReader(full), pageSize, txid(meta))
	if err != nil {
		t.Fatal(err)
	}
	garble := func(at int64, b []byte) []byte {
		c := bytes.Clone(full)
		copy(c[at:], b)
		return c
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"truncated to half", full[:len(full)/2]},
		{"freelist page header zeroed", garble(int64(freelist)*pageSize, make([]byte, pageHeaderSize))},
		{"freelist count too large", garble(int64(freelist)*pageSize+10, []byte{0xfe, 0xff})},
		{"freelist entry past the end", garble(int64(freelist)*pageSize+pageHeaderSize, bytes.Repeat([]byte{0x7f}, 8))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bad.alama")
			if err := os.WriteFile(path, tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			for i := range 2 {
				p, err := Open(path, Options{Timeout: 100 * time.Millisecond})
				if err == nil {
					_ = p.Close()
					t.Fatalf("open %d: no error", i+1)
				}
				if !errors.Is(err, ErrDamaged) || errors.Is(err, ErrLocked) {
					t.Fatalf("open %d: %v, want ErrDamaged", i+1, err)
				}
			}
		})
	}
}

// damagePages returns a copy of a project's bytes with random bytes
// written at random places in the first 64 bytes of three pages past the
// meta pages (headers, element arrays, bucket headers), as a disk or a
// careless program might leave it.
func damagePages(full []byte, pageSize int64, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	c := bytes.Clone(full)
	pages := int64(len(full)) / pageSize
	for range 3 {
		at := (2+r.Int64N(pages-2))*pageSize + r.Int64N(64)
		for i := range int64(1 + r.IntN(16)) {
			c[at+i] = byte(r.Uint32())
		}
	}
	return c
}

// TestCheckDamagedPages runs Open and Check on project files with random
// bytes written over their pages. bbolt's consistency check follows page
// ids and offsets through the memory map as they are: before checkPages,
// some of these files ended the process with a memory fault or took
// gigabytes following a cycle. Each must now open with an error or check
// with a report.
func TestCheckDamagedPages(t *testing.T) {
	full := projectBytes(t)
	pageSize := int64(binary.LittleEndian.Uint32(full[pageHeaderSize+8:]))
	dir := t.TempDir()
	pagesReported := 0
	for seed := range uint64(120) {
		path := filepath.Join(dir, fmt.Sprintf("damaged-%d.alama", seed))
		if err := os.WriteFile(path, damagePages(full, pageSize, seed), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, readOnly := range []bool{true, false} {
			p, err := Open(path, Options{ReadOnly: readOnly, KeepBackups: -1})
			if err != nil {
				if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrNotProject) && !errors.Is(err, errRecord) {
					t.Errorf("seed %d: open: %v, want a damaged file", seed, err)
				}
				continue
			}
			errs := p.Check()
			if err := p.Close(); err != nil {
				t.Errorf("seed %d: close: %v", seed, err)
			}
			for _, err := range errs {
				if strings.Contains(err.Error(), "database pages: page") && errors.Is(err, ErrDamaged) && readOnly {
					pagesReported++
				}
			}
		}
	}
	// Most seeds break the page tree itself (96 of 120 when this test was
	// written); the others damage records, which the later checks find.
	if pagesReported < 60 {
		t.Errorf("the page check reported %d of 120 damaged files", pagesReported)
	}
}
