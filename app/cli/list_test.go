package cli

import (
	"strings"
	"testing"
)

// goldenOutputs runs each command line on the loaded project and
// compares its output with a golden file.
func goldenOutputs(t *testing.T, cases [][]string) {
	project := loaded(t)
	for _, args := range cases {
		name := strings.Join(args, "") + ".golden"
		t.Run(name, func(t *testing.T) {
			out := mustCLI(t, append(args, "-project", project)...)
			golden(t, name, strings.ReplaceAll(out, project, "PROJECT"))
		})
	}
}

func TestListOutput(t *testing.T) { goldenOutputs(t, [][]string{{"list"}, {"list", "-json"}}) }
