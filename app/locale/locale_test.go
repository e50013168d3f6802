package locale

import (
	"maps"
	"testing"
)

func TestSettle(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string // LANGUAGE afterwards
	}{
		{"C with an encoding", map[string]string{"LANG": "C.UTF-8"}, "en"},
		{"POSIX with an encoding", map[string]string{"LC_ALL": "POSIX.UTF-8"}, "en"},
		{"plain C is left to Fyne", map[string]string{"LANG": "C"}, ""},
		{"a real locale", map[string]string{"LANG": "ar_EG.UTF-8"}, ""},
		{"LC_ALL wins over LANG", map[string]string{"LC_ALL": "ar_EG.UTF-8", "LANG": "C.UTF-8"}, ""},
		{"LC_MESSAGES before LANG", map[string]string{"LC_MESSAGES": "C.UTF-8", "LANG": "ar_EG.UTF-8"}, "en"},
		{"LANGUAGE already set", map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "ar"}, "ar"},
		{"nothing set", map[string]string{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := maps.Clone(tt.env)
			settle(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
			if got := env["LANGUAGE"]; got != tt.want {
				t.Errorf("LANGUAGE = %q, want %q", got, tt.want)
			}
		})
	}
}
