using System.Runtime.Versioning;

// The Local driver (btrfs, Ganesha, Samba) runs on Linux only; so do its tests.
[assembly: SupportedOSPlatform("linux")]
