using System.Runtime.Versioning;

// Btrfs, Ganesha, Samba, mount(8), /proc: the Local driver runs on Linux only.
[assembly: SupportedOSPlatform("linux")]
