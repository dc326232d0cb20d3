// The consumer build must really have run its tests, not just compiled.
def reports = new File(basedir, 'target/surefire-reports')
assert reports.isDirectory() : 'no surefire reports: the consumer ran no tests'
def total = reports.listFiles().findAll { it.name.startsWith('TEST-') }.sum { f ->
  (f.text =~ /tests="(\d+)"/)[0][1] as int
} ?: 0
assert total >= 5 : "expected at least 5 consumer tests, ran ${total}"
return true
