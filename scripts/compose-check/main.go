// Command compose-check validates a Compose file the way `docker compose config` does, with the
// compose-go loader that Docker Compose v2 itself uses, so CI can check the file without a Docker
// engine or the Compose plugin. It enables every profile, so optional services are checked too.
//
// Usage: go run . [--json] FILE
//
// It exits 1 with the loader's message when the file is invalid. With --json it prints the
// normalized project as JSON, which the Jest test reads.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	printJSON := flag.Bool("json", false, "print the normalized project as JSON")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: compose-check [--json] FILE")
		os.Exit(2)
	}
	options, err := cli.NewProjectOptions(
		[]string{flag.Arg(0)},
		cli.WithOsEnv,
		cli.WithProfiles([]string{"*"}),
	)
	if err != nil {
		fail(err)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	if *printJSON {
		encoded, err := json.MarshalIndent(project, "", "  ")
		if err != nil {
			fail(err)
		}
		fmt.Println(string(encoded))
		return
	}
	fmt.Printf("%s is valid: %d services\n", flag.Arg(0), len(project.Services))
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "compose-check: %v\n", err)
	os.Exit(1)
}
