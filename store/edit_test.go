package store

import (
	"reflect"
	"testing"

	"alama/annotate"
)

// everyEdit holds one edit of every kind, nested in a batch.
func everyEdit() annotate.Edit {
	sp := annotate.Span{ID: 7, Start: 16, End: 17, Label: "EVENT", Annotator: "amal",
		Attrs: map[string]string{"type": "other"}, Note: "🙂", Suggested: true, Created: epoch}
	return annotate.Batch{Edits: []annotate.Edit{
		annotate.AddSpan{Span: sp},
		annotate.DeleteSpan{ID: 7},
		annotate.Relabel{ID: 7, Label: "ACTOR"},
		annotate.Resize{ID: 7, Start: 0, End: 6},
		annotate.SetAttr{ID: 7, Name: "type", Value: "state"},
		annotate.SetNote{ID: 7, Note: "كَتَبَ"},
		annotate.Accept{ID: 7},
		annotate.ReplaceSpan{Span: sp},
		annotate.AddRelation{Relation: annotate.Relation{ID: 8, Type: "AGENT", From: 7, To: 1, Annotator: "amal", Created: epoch}},
		annotate.DeleteRelation{ID: 8},
		annotate.SetStatus{Status: annotate.StatusReviewed},
		annotate.SetDocLabels{Labels: []string{"politics"}},
		annotate.Batch{Edits: []annotate.Edit{annotate.SetDocLabels{}}},
	}}
}

func TestEditRecordsRoundTrip(t *testing.T) {
	all := everyEdit().(annotate.Batch)
	for _, e := range append(all.Edits, all) {
		t.Run(reflect.TypeOf(e).Name(), func(t *testing.T) {
			b, err := encodeHistory(e, epoch)
			if err != nil {
				t.Fatal(err)
			}
			got, err := decodeHistory(b)
			if err != nil {
				t.Fatalf("decode %s: %v", b, err)
			}
			if !reflect.DeepEqual(got, e) {
				t.Errorf("round trip of %s:\n got %#v\nwant %#v", b, got, e)
			}
		})
	}
}

func TestEditRecordsRejectUnknownTypes(t *testing.T) {
	type other struct{ annotate.SetStatus }
	if _, err := encodeHistory(other{}, epoch); err == nil {
		t.Error("an edit type the store does not know was encoded")
	}
}

func FuzzDecodeHistory(f *testing.F) {
	seed, err := encodeHistory(everyEdit(), epoch)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"v":1,"edit":{"kind":"add_span"}}`))
	f.Add([]byte(`{"v":1,"edit":{"kind":"batch","edits":[{"kind":"batch","edits":[{"kind":"batch"}]}]}}`))
	f.Add([]byte(`{"v":2,"edit":{"kind":"accept","id":3}}`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := decodeHistory(data)
		if err != nil {
			return
		}
		// What decodes must encode again to the same edit.
		b, err := encodeHistory(e, epoch)
		if err != nil {
			t.Fatalf("decoded edit does not encode: %v", err)
		}
		again, err := decodeHistory(b)
		if err != nil {
			t.Fatalf("re-encoded edit does not decode: %v", err)
		}
		if !reflect.DeepEqual(canonEdit(t, again), canonEdit(t, e)) {
			t.Fatalf("round trip changed %#v into %#v", e, again)
		}
	})
}

// canonEdit encodes an edit for comparison: maps and slices that are
// empty compare equal to nil there.
func canonEdit(t *testing.T, e annotate.Edit) string {
	b, err := encodeHistory(e, epoch)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
