using Fulgur.Node.Storage;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Tests.Channels;

public sealed class ChannelRepositoryTests
{
    private static readonly NodeId Peer = NodeId.Parse("035d2b1192dfba134e10e540875d366ebc8bc353d5aa766b80c090b39c3a5d885d");
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task A_saved_channel_reads_back_and_a_second_save_replaces_it()
    {
        await using var store = await SqliteStore.OpenAsync(SqliteStore.InMemory, None);
        var first = new StoredChannel(7, Peer, [1, 2, 3], null, null, null, false);
        var later = new StoredChannel(7, Peer, [4, 5], [9, 9], 103, 1, true);
        await using (var tx = await store.BeginAsync(None))
        {
            await tx.Channels.SaveAsync(first, None);
            await tx.CommitAsync(None);
        }
        await using (var tx = await store.BeginAsync(None))
        {
            var read = Assert.Single(await tx.Channels.ListAsync(None));
            Assert.Equal((first.Dbid, first.Peer, first.FundingHeight), (read.Dbid, read.Peer, read.FundingHeight));
            Assert.Equal(first.State, read.State);
            Assert.Null(read.FundingTx);
            await tx.Channels.SaveAsync(later, None);
            await tx.CommitAsync(None);
        }
        await using (var tx = await store.BeginAsync(None))
        {
            var read = Assert.Single(await tx.Channels.ListAsync(None));
            Assert.Equal(later.State, read.State);
            Assert.Equal(later.FundingTx, read.FundingTx);
            Assert.Equal((103u, 1u, true), (read.FundingHeight!.Value, read.FundingTxIndex!.Value, read.FundingSpent));
        }
    }

    [Fact]
    public async Task A_save_not_committed_leaves_nothing()
    {
        await using var store = await SqliteStore.OpenAsync(SqliteStore.InMemory, None);
        await using (var tx = await store.BeginAsync(None))
            await tx.Channels.SaveAsync(new StoredChannel(1, Peer, [1], null, null, null, false), None);
        await using (var tx = await store.BeginAsync(None))
            Assert.Empty(await tx.Channels.ListAsync(None));
    }
}
