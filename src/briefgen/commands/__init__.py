"""The commands, one module each (`init`, `new` and `schema` together); `running.py` is how every
command runs and ends, `shared.py` the options several take."""
