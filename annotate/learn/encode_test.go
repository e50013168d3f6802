package learn

import (
	"bytes"
	"errors"
	"testing"

	"alama/annotate"
)

// smallModel trains a model on a few sentences.
func smallModel(t testing.TB) (*Model, *annotate.Document) {
	t.Helper()
	d := &annotate.Document{Text: "قال محمد علي في القاهرة إن الاتفاق قريب.\nوزار محمد علي بيروت 🙂 أمس."}
	d.Spans = []annotate.Span{
		{Start: 4, End: 12, Label: "ACTOR"}, {Start: 16, End: 23, Label: "LOCATION"},
		{Start: 46, End: 54, Label: "ACTOR"}, {Start: 55, End: 60, Label: "LOCATION"},
	}
	m, err := Train([]Example{ExampleOf(d)}, Options{Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	return m, d
}

func TestEncodeDecode(t *testing.T) {
	m, d := smallModel(t)
	data, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := back.MarshalBinary()
	if !bytes.Equal(data, again) {
		t.Error("decoding and encoding again changed the bytes")
	}
	want, got := m.TagDocument(d, nil), back.TagDocument(d, nil)
	if len(want.Spans) != 4 || len(got.Spans) != len(want.Spans) {
		t.Fatalf("spans %v after decoding, %v before; want 4", got.Spans, want.Spans)
	}
	for i := range want.Spans {
		w, g := want.Spans[i], got.Spans[i]
		if w.Start != g.Start || w.End != g.End || w.Label != g.Label || w.Confidence != g.Confidence {
			t.Errorf("span %d: %+v after decoding, %+v before", i, g, w)
		}
		if sp := (annotate.Span{Start: g.Start, End: g.End}); d.SpanText(sp) != d.SpanText(d.Spans[i]) {
			t.Errorf("span %d covers %q, want %q", i, d.SpanText(sp), d.SpanText(d.Spans[i]))
		}
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"other magic", append([]byte("NOT-A-TAGGER\n"), data[13:]...)},
		{"flipped byte", func() []byte { b := bytes.Clone(data); b[len(b)/2] ^= 1; return b }()},
		{"truncated", data[:len(data)-9]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Decode(tc.data); !errors.Is(err, ErrModel) {
				t.Errorf("err %v, want ErrModel", err)
			}
		})
	}
}

func TestNoSpans(t *testing.T) {
	_, err := Train([]Example{ExampleOf(&annotate.Document{Text: "نص بلا علامات."})}, Options{})
	if !errors.Is(err, ErrNoSpans) {
		t.Errorf("err %v, want ErrNoSpans", err)
	}
}

func TestTagsWellFormed(t *testing.T) {
	ts := newTagset([]string{"A", "B"})
	tests := []struct {
		tags []int
		want []chunk
	}{
		{[]int{0, tagOf(0, posS), tagOf(1, posB), tagOf(1, posI), tagOf(1, posE), 0}, []chunk{{1, 2, 0}, {2, 5, 1}}},
		{[]int{tagOf(1, posB), tagOf(1, posE)}, []chunk{{0, 2, 1}}},
	}
	for _, tc := range tests {
		if got := chunks(tc.tags); !slicesEqual(got, tc.want) {
			t.Errorf("chunks(%v) = %v, want %v", tc.tags, got, tc.want)
		}
		if got := encode(len(tc.tags), tc.want); !slicesEqual(got, tc.tags) {
			t.Errorf("encode(%v) = %v, want %v", tc.want, got, tc.tags)
		}
	}
	if ts.allowed(tagOf(0, posB), tagOf(1, posI)) || ts.allowed(ts.n, tagOf(0, posI)) || ts.final(tagOf(0, posB)) || !ts.allowed(tagOf(0, posE), tagOf(1, posS)) {
		t.Error("BIOES transitions wrong")
	}
}

func slicesEqual[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func FuzzDecode(f *testing.F) {
	m, _ := smallModel(f)
	data, err := m.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b)
		if err != nil {
			return
		}
		m.Tag([][]Token{{{Start: 0, End: 3, Text: "قال"}}}, nil)
	})
}
