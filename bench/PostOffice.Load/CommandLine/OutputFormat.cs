namespace PostOffice.Load.CommandLine;

/// <summary>What goes to stdout: a table for people, or one JSON line per run for scripts.</summary>
public enum OutputFormat
{
    Table,
    Json,
}
