namespace PostOffice.Server.CommandLine;

/// <summary>Process exit codes; scripts and service managers tell failures apart by these.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Start-up failed for a reason outside the configuration, e.g. the port is taken or the disk refuses.</summary>
    public const int StartFailed = 1;

    /// <summary>The command line or the configuration is wrong (the BSD EX_USAGE tradition of 2); nothing was started.</summary>
    public const int ConfigurationError = 2;

    /// <summary>The store found corruption in a sealed file and will not serve until an operator looks at it.</summary>
    public const int StorageCorrupt = 3;
}
