namespace PostOffice.Load.Output;

/// <summary>How a run ended; only <see cref="Ok"/> runs carry figures worth comparing.</summary>
public enum RunStatus
{
    /// <summary>The run completed; its figures stand.</summary>
    Ok,

    /// <summary>The target does not offer what the run needs (connection refused, an unknown API); no figures.</summary>
    Unavailable,

    /// <summary>The run started but something broke (a dropped connection, request errors); figures are suspect.</summary>
    Failed,
}
