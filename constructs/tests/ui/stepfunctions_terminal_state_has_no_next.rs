// A Succeed, Fail or Choice state ends its path: it has no `next` to call.
use constructs::stepfunctions::{Pass, Succeed};

fn main() {
    let done = Succeed::new("Done");
    done.next(&Pass::new("After"));
}
