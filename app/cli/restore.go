package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"

	"alama/app"
	"alama/store"
)

var restoreCommand = command{
	name:     "restore",
	synopsis: "restore [-project FILE] [-list] [BACKUP]: list the project's backups, or put one back (BACKUP is a number from the list or a file); the project as it was is backed up first",
	run:      runRestore,
}

func runRestore(e *env, args []string) error {
	f := e.flags("restore", "restore [-project FILE] [-list] [BACKUP]")
	list := f.Bool("list", false, "list the backups, newest first (the default without BACKUP)")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() > 1 || *list && f.NArg() > 0 {
		f.Usage()
		return errUsage
	}
	path := f.project
	if path == "" {
		var err error
		if path, err = app.DefaultProjectPath(); err != nil {
			return err
		}
	}
	backups, err := store.Backups(path)
	if err != nil {
		return err
	}
	if f.NArg() == 0 {
		return listBackups(e, path, backups)
	}
	from, err := pickBackup(f.Arg(0), path, backups)
	if err != nil {
		return err
	}
	saved, err := store.Restore(path, from, store.Options{Now: e.now})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "restored %s from %s\n", path, from)
	if saved.Path != "" {
		fmt.Fprintf(e.stdout, "the project as it was is saved as %s\n", saved.Path)
	}
	return nil
}

func listBackups(e *env, path string, backups []store.Backup) error {
	if len(backups) == 0 {
		fmt.Fprintf(e.stdout, "%s has no backups in %s\n", path, store.BackupDir(path))
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tMADE (UTC)\tKIND\tSIZE\tFILE")
	for i, b := range backups {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", i+1, b.Time.UTC().Format("2006-01-02 15:04:05"), b.Kind, app.ByteSize(b.Size), cell(b.Path))
	}
	return tw.Flush()
}

// pickBackup turns the BACKUP argument into a file: a number from the
// list, a file name in the backup folder, or a path.
func pickBackup(arg, path string, backups []store.Backup) (string, error) {
	if n, err := strconv.Atoi(arg); err == nil {
		if n < 1 || n > len(backups) {
			return "", fmt.Errorf("there is no backup number %d of %s (it has %d; see alama restore -list)", n, path, len(backups))
		}
		return backups[n-1].Path, nil
	}
	for _, name := range []string{filepath.Join(store.BackupDir(path), arg), arg} {
		info, err := os.Stat(name)
		if err == nil && info.Mode().IsRegular() {
			return name, nil
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
	}
	return "", fmt.Errorf("backup %s does not exist (see alama restore -list)", arg)
}
