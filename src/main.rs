fn main() {
    eprintln!("gongkai: CLI not implemented yet");
    std::process::exit(2);
}
