#!/bin/sh
# project.sh — the scratch project the batch tests and the batch benchmark
# build (sourced; needs $repo, the repository's top directory).
#
#   mkproject DIR        a copy of fonts/, input/ and layouts/, plus gen/lN.yaml
#                        (N = 0…19: a cover, a table of gen/data/d(N%10).csv and
#                        one of four sample articles; the title names the
#                        variable delegation) and gen/data/d0…d9.csv
#   manifest DIR L D [EXTRA]
#                        DIR/nightly.yaml: L layouts x D delegations, outputs
#                        out/gL-delDD.pdf, then the EXTRA lines of YAML

mkproject() { # DIR
	mkdir -p "$1/gen/data"
	cp -R "$repo/fonts" "$repo/input" "$repo/layouts" "$1/"
	i=0
	while [ $i -lt 10 ]; do
		printf 'item,count\nalpha,%d\nbeta,%d\ngamma,%d\n' $i $((i * 7 + 3)) $((i * 13 + 1)) >"$1/gen/data/d$i.csv"
		i=$((i + 1))
	done
	set -- "$1" overview kyoto-declaration viet-nam-participation talking-points
	i=0
	while [ $i -lt 20 ]; do
		case $((i % 4)) in 0) art=$2 ;; 1) art=$3 ;; 2) art=$4 ;; *) art=$5 ;; esac
		cat >"$1/gen/l$i.yaml" <<EOF
dossier: 1
document: {title: "Generated dossier $i for {{ vars.delegation }}", date: 2021-03-15, language: en}
fonts: {dir: ../fonts}
parts:
  - cover
  - section: "Figures"
  - table: {file: data/d$((i % 10)).csv, caption: "Table $i", columns: [item, {key: count, type: integer}]}
  - section: "Background"
  - article: ../input/un-congress-2021/$art.md
EOF
		i=$((i + 1))
	done
}

# manifest DIR NLAYOUTS NDELEGATIONS [EXTRA-ENTRIES]
manifest() {
	{
		echo "dossier-manifest: 1"
		echo "defaults: {output: \"out/{name}.pdf\", vars: {delegation: none}}"
		echo "dossiers:"
		echo "  - name: \"g{layout}-{delegation}\""
		echo "    layout: \"gen/l{layout}.yaml\""
		printf '    matrix:\n      layout: ['
		i=0
		while [ $i -lt "$2" ]; do printf '%s%d' "$([ $i -gt 0 ] && echo ', ')" $i; i=$((i + 1)); done
		printf ']\n      delegation: ['
		i=0
		while [ $i -lt "$3" ]; do printf '%sdel%02d' "$([ $i -gt 0 ] && echo ', ')" $i; i=$((i + 1)); done
		printf ']\n'
		[ -z "${4:-}" ] || printf '%s\n' "$4"
	} >"$1/nightly.yaml"
}

