# Adds lock entries for optional platform packages (other OS/CPU builds) that the package
# registry reachable here does not serve, so that `npm ci` accepts the lock file on every machine.
# Run after `npm install` changes package-lock.json:  python3 .ci/fix-lockfile.py package-lock.json
import json, re, sys
path = sys.argv[1]
lock = json.load(open(path))
pk = lock['packages']
OS = {'android':'android','darwin':'darwin','win32':'win32','linux':'linux','freebsd':'freebsd','openbsd':'openbsd','netbsd':'netbsd','sunos':'sunos','aix':'aix','openharmony':'openharmony'}
CPU = ['arm64','x64','ia32','arm','ppc64','s390x','riscv64','loong64','mips64el','wasm32','ppc','mips']
added = []
for key, meta in list(pk.items()):
    for name, spec in (meta.get('optionalDependencies') or {}).items():
        base = key + '/node_modules/' if key else 'node_modules/'
        cands = [base + name, 'node_modules/' + name]
        if any(c in pk for c in cands):
            continue
        if not re.fullmatch(r'\d+\.\d+\.\d+(-[\w.]+)?', spec):
            print('skip non-exact', name, spec); continue
        tail = name.split('/')[-1]
        parts = re.split(r'[-_]', tail)
        os_ = next((OS[p] for p in parts if p in OS), None)
        cpu = next((p for p in parts if p in CPU), None)
        if os_ is None and cpu is None:
            print('cannot infer platform', name); continue
        entry = {'version': spec, 'optional': True}
        if cpu: entry['cpu'] = [cpu]
        if os_: entry['os'] = [os_]
        if 'musl' in parts: entry['libc'] = ['musl']
        elif os_ == 'linux' and ('gnu' in parts or 'gnueabihf' in parts): entry['libc'] = ['glibc']
        pk['node_modules/' + name] = entry
        added.append(name)
lock['packages'] = dict([next(iter(pk.items()))] + sorted(list(pk.items())[1:]))
json.dump(lock, open(path, 'w'), indent=2, ensure_ascii=False)
open(path, 'a').write('\n')
print('added', len(added), added)
