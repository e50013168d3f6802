package app

import (
	"path/filepath"
	"testing"
	"time"

	"alama/store"
)

// openProject opens a new project file in a temporary folder, checked
// and closed when the test ends.
func openProject(t *testing.T) *store.Project {
	t.Helper()
	tick := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p, err := store.Open(filepath.Join(t.TempDir(), "p.alama"), store.Options{Now: func() time.Time {
		tick = tick.Add(time.Second)
		return tick
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, err := range p.Check() {
			t.Errorf("check: %v", err)
		}
		if err := p.Close(); err != nil {
			t.Error(err)
		}
	})
	return p
}
