package store

import (
	"bytes"
	"errors"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
)

func TestModelKept(t *testing.T) {
	p := openTest(t, "")
	if _, ok, err := p.Model(); err != nil || ok {
		t.Fatalf("new project: Model() ok %v, err %v; want none", ok, err)
	}
	first := annotate.StoredModel{Data: []byte("first model"), Trained: epoch}
	if err := p.SetModel(first); err != nil {
		t.Fatal(err)
	}
	p = reopen(t, p)
	got, ok, err := p.Model()
	if err != nil || !ok || !bytes.Equal(got.Data, first.Data) || !got.Trained.Equal(epoch) {
		t.Fatalf("after reopen: %q %v ok %v err %v; want %q %v", got.Data, got.Trained, ok, err, first.Data, epoch)
	}
	second := annotate.StoredModel{Data: []byte("the second, longer model"), Trained: epoch.Add(time.Hour)}
	if err := p.SetModel(second); err != nil {
		t.Fatal(err)
	}
	p = reopen(t, p)
	got, _, err = p.Model()
	if err != nil || !bytes.Equal(got.Data, second.Data) || !got.Trained.Equal(second.Trained) {
		t.Fatalf("after retraining: %q %v err %v; want %q", got.Data, got.Trained, err, second.Data)
	}
	if err := p.SetModel(annotate.StoredModel{}); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("empty model: err %v, want ErrInvalid", err)
	}
}

func TestModelDamaged(t *testing.T) {
	p := openTest(t, "")
	if err := p.SetModel(annotate.StoredModel{Data: []byte("a model"), Trained: epoch}); err != nil {
		t.Fatal(err)
	}
	err := p.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketModel).Put(keyModelData, []byte("a modeL")) })
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := p.Model(); err == nil || ok {
		t.Errorf("changed data: ok %v err %v, want an error", ok, err)
	}
}

func TestSuggestedWith(t *testing.T) {
	p := openTest(t, "")
	got, err := p.SuggestedWith([]uint64{1, 2})
	if err != nil || !got[0].IsZero() || !got[1].IsZero() {
		t.Fatalf("no model yet: %v %v", got, err)
	}
	if err := p.MarkSuggested([]uint64{2}, epoch); err != nil {
		t.Fatal(err)
	}
	p = reopen(t, p)
	if err := p.MarkSuggested([]uint64{3}, epoch.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	got, err = p.SuggestedWith([]uint64{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Time{{}, epoch, epoch.Add(time.Minute)}
	for i := range want {
		if !got[i].Equal(want[i]) {
			t.Errorf("document %d: %v, want %v", i+1, got[i], want[i])
		}
	}
}
