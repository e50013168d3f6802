package format

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/parquet-go/parquet-go"
)

func TestParquetRoundTrip(t *testing.T) {
	docs := fixture(t)
	data, rep := exportBytes(t, Parquet, docs, Options{})
	if rep.Documents != 3 || rep.Spans != 13 || rep.Relations != 4 || !rep.Lossless() {
		t.Errorf("report %+v", rep)
	}
	if f, err := Detect("x.bin", data); err != nil || f != Parquet {
		t.Errorf("Detect = %q, %v", f, err)
	}
	got, err := readAll(t, Parquet, data, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Equal documents give equal JSONL bytes.
	if g, w := writeAllJSONL(t, got), writeAllJSONL(t, docs); !bytes.Equal(g, w) {
		t.Errorf("read back differs:\n%s\n---\n%s", g, w)
	}
}

// TestParquetSchema pins the file schema: standard LIST and MAP groups
// that pyarrow and pandas read, so a change to it is deliberate.
func TestParquetSchema(t *testing.T) {
	data, _ := exportBytes(t, Parquet, fixture(t), Options{})
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "parquet.schema", []byte(f.Schema().String()+"\n"))
}

func TestParquetRejectsGarbage(t *testing.T) {
	data, _ := exportBytes(t, Parquet, fixture(t), Options{})
	for _, in := range [][]byte{[]byte("PAR1 not really"), data[:len(data)/2], append([]byte{}, data[8:]...)} {
		if _, err := readAll(t, Parquet, in, ImportOptions{}); err == nil {
			t.Errorf("accepted %d bytes of garbage", len(in))
		}
	}
}

// TestParquetCorruptBytes flips bytes of a valid file: the Parquet decoder
// panics on some of these, and the reader must turn that into an error.
func TestParquetCorruptBytes(t *testing.T) {
	data, _ := exportBytes(t, Parquet, fixture(t), Options{})
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		in := bytes.Clone(data)
		for range 1 + rng.IntN(4) {
			in[rng.IntN(len(in))] = byte(rng.IntN(256))
		}
		docs, err := readAll(t, Parquet, in, ImportOptions{})
		if err != nil {
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("error %v is not a *LineError", err)
			}
			continue
		}
		for _, d := range docs {
			if err := Validate(d); err != nil {
				t.Fatalf("accepted an invalid document: %v", err)
			}
		}
	}
}

func FuzzReadParquet(f *testing.F) {
	fuzzReader(f, Parquet, fixtureExport(f, Parquet, Options{}), []byte("PAR1PAR1"))
}
