package store

import (
	"bytes"
	"errors"
	"testing"

	"alama/annotate"
	"alama/annotate/bundle"
)

func TestBundleBetweenProjects(t *testing.T) {
	a := openTest(t, "")
	id := importSample(t, a)
	var buf bytes.Buffer
	m, err := a.WriteBundle(&buf, "amal")
	if err != nil {
		t.Fatal(err)
	}
	// The project's clock dates the bundle: the first tick after epoch.
	if !m.Created.After(epoch) || m.Documents != 1 {
		t.Errorf("manifest = %+v", m)
	}
	b, err := bundle.Read("amal.zip", bytes.NewReader(buf.Bytes()), int64(buf.Len()), bundle.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}

	other := openTest(t, "")
	res, err := other.ImportBundle(b, "")
	if err != nil || res.Added != 1 || res.Spans != 6 || res.Relations != 4 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	got, _ := other.Document(res.IDs[0])
	want, _ := a.Document(id)
	want.ID = got.ID
	sameDoc(t, "document in the other project", got, want)

	// Under another name beside amal's layer.
	res, err = other.ImportBundle(b, "amal-copy")
	if err != nil || res.Replaced != 1 {
		t.Fatalf("import as amal-copy: %+v, %v", res, err)
	}
	got, _ = other.Document(res.IDs[0])
	if spans, rels := layerOf(got, "amal-copy"); len(spans) != 6 || len(rels) != 4 {
		t.Errorf("amal-copy has %d spans, %d relations", len(spans), len(rels))
	}
	if spans, _ := layerOf(got, "amal"); len(spans) != 6 {
		t.Errorf("amal has %d spans after importing a copy", len(spans))
	}

	// A project without the EVENT label refuses the bundle, unchanged.
	narrow := openTest(t, "")
	s := annotate.DefaultSchema()
	s.Relations = nil
	s.Labels = s.Labels[:1]
	if err := narrow.SetSchema(s); err != nil {
		t.Fatal(err)
	}
	_, err = narrow.ImportBundle(b, "")
	if !errors.Is(err, annotate.ErrUnknownLabel) || err.Error() != "the bundle uses labels CLAIM, EVENT, LOCATION, TIME and relation types AGENT, CLAIMED_BY, DATE, PLACE, which the project schema lacks; add them to the schema and import again: unknown label" {
		t.Errorf("error = %v", err)
	}
	if docs, _ := narrow.Documents(); len(docs) != 0 {
		t.Errorf("%d documents after a refused bundle", len(docs))
	}
}
