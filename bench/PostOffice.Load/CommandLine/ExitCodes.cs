namespace PostOffice.Load.CommandLine;

/// <summary>Exit codes, so that a script can tell "not there" from "broke".</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The run started and something broke (errors, drops, losses of connections).</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong; nothing ran.</summary>
    public const int Usage = 2;

    /// <summary>The target does not offer what the run needs: connection refused, an unknown API.</summary>
    public const int Unavailable = 3;
}
