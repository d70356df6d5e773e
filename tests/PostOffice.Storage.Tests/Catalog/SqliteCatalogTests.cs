using PostOffice.Storage.Catalog;
using PostOffice.Storage.Tests.Support;

namespace PostOffice.Storage.Tests.Catalog;

public sealed class SqliteCatalogTests
{
    [Fact]
    public async Task GetOrAdd_SameNameTwice_CreatesOnceAndReturnsTheStoredEntry()
    {
        using var directory = new TempDirectory();
        await using var catalog = await OpenAsync(directory);

        var (first, created) = await catalog.GetOrAddAsync("queue", "orders", "{\"a\":1}", TestContext.Current.CancellationToken);
        var (second, createdAgain) = await catalog.GetOrAddAsync("queue", "orders", "{\"a\":2}", TestContext.Current.CancellationToken);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first, second);
        Assert.Equal("{\"a\":1}", second.Definition);
    }

    [Fact]
    public async Task Entries_AfterReopen_AreStillThereWithTheirIds()
    {
        using var directory = new TempDirectory();
        long id;
        await using (var catalog = await OpenAsync(directory))
        {
            id = (await catalog.GetOrAddAsync("topic", "events", "{}", TestContext.Current.CancellationToken)).Entry.Id;
            Assert.True(await catalog.UpdateAsync("topic", "events", "{\"x\":true}", TestContext.Current.CancellationToken));
        }

        await using (var catalog = await OpenAsync(directory))
        {
            var entry = await catalog.GetAsync("topic", "events", TestContext.Current.CancellationToken);
            Assert.NotNull(entry);
            Assert.Equal(id, entry.Id);
            Assert.Equal("{\"x\":true}", entry.Definition);
        }
    }

    [Fact]
    public async Task Delete_ThenAddAgain_GetsANewId()
    {
        using var directory = new TempDirectory();
        await using var catalog = await OpenAsync(directory);
        var old = (await catalog.GetOrAddAsync("queue", "q", "{}", TestContext.Current.CancellationToken)).Entry;

        Assert.True(await catalog.DeleteAsync("queue", "q", TestContext.Current.CancellationToken));
        Assert.False(await catalog.DeleteAsync("queue", "q", TestContext.Current.CancellationToken));
        var renewed = (await catalog.GetOrAddAsync("queue", "q", "{}", TestContext.Current.CancellationToken)).Entry;

        Assert.True(renewed.Id > old.Id);
    }

    [Fact]
    public async Task List_WithPrefixAndAfter_PagesInNameOrderAndTreatsWildcardsLiterally()
    {
        using var directory = new TempDirectory();
        await using var catalog = await OpenAsync(directory);
        foreach (var name in new[] { "b-2", "a", "b-1", "b_3", "B-4", "b%5", "c" })
        {
            await catalog.GetOrAddAsync("queue", name, "{}", TestContext.Current.CancellationToken);
        }

        await catalog.GetOrAddAsync("topic", "b-9", "{}", TestContext.Current.CancellationToken);

        var page1 = await catalog.ListAsync("queue", "b-", limit: 1, cancellationToken: TestContext.Current.CancellationToken);
        var page2 = await catalog.ListAsync("queue", "b-", after: page1[^1].Name, cancellationToken: TestContext.Current.CancellationToken);
        var percent = await catalog.ListAsync("queue", "b%", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["b-1"], page1.Select(e => e.Name));
        Assert.Equal(["b-2"], page2.Select(e => e.Name));
        Assert.Equal(["b%5"], percent.Select(e => e.Name));
    }

    private static Task<SqliteCatalog> OpenAsync(TempDirectory directory) =>
        SqliteCatalog.OpenAsync(Path.Combine(directory.Path, "catalog.db"), TimeProvider.System, TestContext.Current.CancellationToken);
}
