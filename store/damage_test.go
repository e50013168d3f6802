package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
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
