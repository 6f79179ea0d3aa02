namespace ShareHost.Drivers.Local.Processes;

internal static class Files
{
    /// <summary>Deletes a file if it is there; a missing file or folder is not an error.</summary>
    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // nothing to delete
        }
    }
}
