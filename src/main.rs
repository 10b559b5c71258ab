fn main() {
    std::process::exit(schemac::cli::main());
}
