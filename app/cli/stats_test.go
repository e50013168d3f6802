package cli

import "testing"

func TestStatsOutput(t *testing.T) { goldenOutputs(t, [][]string{{"stats"}, {"stats", "-json"}}) }
