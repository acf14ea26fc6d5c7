#!/usr/bin/env python3
"""Builds src/main/resources/org/orrery/astro/sky/internal/catalog.tsv from OpenNGC.

OpenNGC (https://github.com/mattiaverga/OpenNGC, CC-BY-SA-4.0, by Mattia Verga) is the source of
every position, magnitude, type, constellation and common name. Usage:

    python3 tools/openngc_to_catalog.py NGC.csv addendum.csv > src/main/resources/org/orrery/astro/sky/internal/catalog.tsv

Selection: every Messier object (M 102 taken as NGC 5866, as OpenNGC's note on NGC 5866 and most
lists do), then the NGC and IC objects (no duplicates, stars or non-existent entries) with a
common name and a magnitude of 12 or brighter, then a few well-known imaging targets (WELL_KNOWN), then the brightest others until EXTRA of them are in;
an entry that shares a name with one already taken is left out.
"""
import csv
import re
import sys
import unicodedata

EXTRA = 170
# favourite imaging targets that the magnitude rule would leave out (no magnitude or no common name in OpenNGC)
WELL_KNOWN = ['NGC0281', 'NGC0891', 'NGC1300', 'NGC2024', 'NGC2237', 'NGC2359', 'NGC2403', 'NGC3628',
              'NGC7331', 'IC0342', 'IC0410', 'IC1396', 'IC0059', 'IC0063', 'NGC6543', 'NGC4565', 'NGC6946']
KINDS = {
    'G': 'galaxy', 'GPair': 'galaxy', 'GTrpl': 'galaxy', 'GGroup': 'galaxy_group',
    'OCl': 'open_cluster', 'GCl': 'globular_cluster', 'Cl+N': 'nebula', 'HII': 'nebula', 'EmN': 'nebula',
    'Neb': 'nebula', 'RfN': 'nebula', 'DrkN': 'dark_nebula', 'PN': 'planetary_nebula',
    'SNR': 'supernova_remnant', '*': 'star', '**': 'double_star', '*Ass': 'asterism', 'Other': 'other',
}


def designation(openngc_name):
    m = re.fullmatch(r'(NGC|IC)(\d+)(.*)', openngc_name)
    return f'{m.group(1)} {int(m.group(2))}{m.group(3)}' if m else openngc_name


def key(text):
    text = unicodedata.normalize('NFD', text)
    text = ''.join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r'^messier', 'm', re.sub(r'[^a-z0-9]', '', text))
    return re.sub(r'(?<=[a-z])0+(?=\d)', '', text)


def hours(ra):
    h, m, s = ra.split(':')
    return (int(h) + int(m) / 60 + float(s) / 3600)


def degrees(dec):
    sign = -1 if dec.startswith('-') else 1
    d, m, s = dec.lstrip('+-').split(':')
    return sign * (int(d) + int(m) / 60 + float(s) / 3600)


def magnitude(row):
    for column in ('V-Mag', 'B-Mag'):
        if row[column]:
            return float(row[column])
    return None


def read(path):
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f, delimiter=';'))


def main(ngc_path, addendum_path):
    rows = read(ngc_path) + read(addendum_path)
    by_name = {r['Name']: r for r in rows}
    entries = []
    taken = set()

    def add(main_name, row, extra_aliases=()):
        aliases = list(extra_aliases)
        if row['Name'].startswith(('NGC', 'IC')) and designation(row['Name']) != main_name:
            aliases.append(designation(row['Name']))
        for column, prefix in (('NGC', 'NGC '), ('IC', 'IC ')):
            for number in filter(None, row[column].split(',')):
                aliases.append(prefix + str(int(re.match(r'\d+', number).group())) + number.lstrip('0123456789'))
        aliases += [n.strip() for n in row['Common names'].split(',') if n.strip()]
        aliases = [a for i, a in enumerate(aliases) if a != main_name and a not in aliases[:i]]
        const = {'Se1': 'Ser', 'Se2': 'Ser'}.get(row['Const'], row['Const']) or ''
        mag = magnitude(row)
        entries.append((main_name, aliases, KINDS[row['Type']], hours(row['RA']), degrees(row['Dec']),
                        '' if mag is None else f'{mag:.2f}', const))
        taken.add(row['Name'])

    messier = {}
    for r in rows:
        if r['M'] and r['Type'] != 'Dup':
            messier[int(r['M'])] = r
    messier[102] = by_name['NGC5866']
    for number in sorted(messier):
        add(f'M {number}', messier[number])
    if sorted(messier) != list(range(1, 111)):
        sys.exit(f'Messier objects missing: {set(range(1, 111)) - set(messier)}')

    others = [r for r in rows if r['Name'] not in taken and r['Name'].startswith(('NGC', 'IC'))
              and r['Type'] in KINDS and r['Type'] not in ('*', '**', 'Other') and magnitude(r) is not None]
    mag = lambda r: 99 if magnitude(r) is None else magnitude(r)
    named = [r for r in others if r['Common names'] and magnitude(r) <= 12]
    named += [by_name[n] for n in WELL_KNOWN if by_name[n] not in named and by_name[n]['Name'] not in taken]
    rest = sorted((r for r in others if r not in named), key=magnitude)
    seen = {}

    def names_free(entry):
        return all(seen.get(key(n), entry[0]) == entry[0] for n in [entry[0]] + entry[1])

    def claim(entry):
        for n in [entry[0]] + entry[1]:
            seen[key(n)] = entry[0]

    for e in entries:
        if not names_free(e):
            sys.exit(f'a name of {e[0]} names another Messier object')
        claim(e)
    count = 0
    # an NGC/IC entry that shares a name with one already in (IC 4703, the Eagle Nebula's gas, is M 16) is left out
    for r in sorted(named, key=mag) + rest:
        if count >= EXTRA and r not in named:
            break
        add(designation(r['Name']), r)
        if names_free(entries[-1]):
            claim(entries[-1])
            count += 1
        else:
            entries.pop()

    out = sys.stdout
    out.write('# Orrery sky catalog, generated by astro.sky/tools/openngc_to_catalog.py from OpenNGC\n')
    out.write('# (https://github.com/mattiaverga/OpenNGC, commit 17397545, CC-BY-SA-4.0, Mattia Verga and contributors).\n')
    out.write('# Columns (tab separated): name, aliases (|), kind, RA J2000 (hours), Dec J2000 (degrees), V magnitude\n')
    out.write('# (B when OpenNGC has no V; empty when neither), constellation.\n')
    for name, aliases, kind, ra, dec, mag, const in entries:
        out.write('\t'.join([name, '|'.join(aliases), kind, f'{ra:.6f}', f'{dec:.5f}', mag, const]) + '\n')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
