using PostOffice.Load.Targets;

namespace PostOffice.Load.Tests.Targets;

public sealed class TargetsTests
{
    [Fact]
    public void ParseVmRss_TabSeparatedKilobytes_ReturnsBytes()
    {
        Assert.Equal(5632L * 1024, ProcessMemory.ParseVmRss("Name:\tmosquitto\nVmHWM:\t    6000 kB\nVmRSS:\t    5632 kB\nThreads:\t1\n"));
        Assert.Null(ProcessMemory.ParseVmRss("Name:\tkthreadd\n"));
    }

    [Fact]
    public void ReadOwnRssBytes_OnLinux_IsPositive()
    {
        Assert.True(ProcessMemory.ReadOwnRssBytes() > 0);
    }

    [Fact]
    public void IsStable_WithinOnePercentOrHalfAMebibyte()
    {
        Assert.True(ProcessMemory.IsStable([100_000_000, 100_500_000, 100_900_000]));
        Assert.False(ProcessMemory.IsStable([100_000_000, 102_000_000, 100_000_000]));
        Assert.True(ProcessMemory.IsStable([1_000_000, 1_400_000, 1_200_000]));
    }

    [Fact]
    public async Task SettleAsync_StableSamples_StopsAfterThree()
    {
        var samples = new Queue<long>([10_000_000, 50_000_000, 50_000_100, 50_000_200, 50_000_300]);

        var settled = await ProcessMemory.SettleAsync(() => samples.Dequeue(), TimeSpan.Zero, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(50_000_200, settled);
        Assert.Single(samples);
    }

    [Fact]
    public void ParseOpenFileLimit_ReadsTheSoftLimit()
    {
        const string limits = "Limit                     Soft Limit           Hard Limit           Units\nMax open files            20000                40000                files\n";

        Assert.Equal(20000, OpenFileLimit.Parse(limits));
        Assert.Equal(long.MaxValue, OpenFileLimit.Parse("Max open files            unlimited            unlimited            files\n"));
    }

    [Fact]
    public void Check_MoreConnectionsThanFiles_SuggestsEnoughProcesses()
    {
        Assert.Null(OpenFileLimit.Check(19_900, 1, 20_000));
        Assert.Null(OpenFileLimit.Check(50_000, 3, 20_000));
        Assert.Equal(
            "50,000 connections over 2 process(es) need about 25,100 open files per process, but each may open 20,000 (ulimit -n). Use --processes 3 or more, or raise the limit.",
            OpenFileLimit.Check(50_000, 2, 20_000));
    }

    [Fact]
    public void PrometheusSum_AddsEveryLabelSetOfTheMetric()
    {
        const string exposition = "# HELP dotnet_gc_heap_size_bytes heap\n# TYPE dotnet_gc_heap_size_bytes gauge\n"
            + "dotnet_gc_heap_size_bytes{generation=\"gen0\"} 1000\ndotnet_gc_heap_size_bytes{generation=\"loh\"} 2.5e3\n"
            + "dotnet_gc_heap_size_bytes_total 99\nprocess_resident_memory_bytes 123\n";

        Assert.Equal(3500, PrometheusScrape.Sum(exposition, "dotnet_gc_heap_size_bytes"));
        Assert.Equal(123, PrometheusScrape.Sum(exposition, "process_resident_memory_bytes"));
        Assert.Null(PrometheusScrape.Sum(exposition, "missing"));
    }
}
