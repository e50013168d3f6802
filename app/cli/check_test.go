package cli

import (
	"encoding/binary"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func TestCheckOutput(t *testing.T) { goldenOutputs(t, [][]string{{"check"}}) }

func TestCheckReportsViolation(t *testing.T) {
	project := loaded(t)
	db, err := bolt.Open(project, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		k := binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(nil, 1), 99)
		return tx.Bucket([]byte("spans")).Put(k, []byte(`{"v":1,"start":0,"end":6,"label":"NOPE"}`))
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := cli(t, "check", "-project", project)
	if code != 1 || !strings.Contains(out, `label "NOPE"`) || !strings.Contains(errOut, "problems found") {
		t.Errorf("check: exit %d\n%s\n%s", code, out, errOut)
	}
}
