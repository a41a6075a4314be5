using Fulgur.Crypto;
using Fulgur.Node.Chain;
using Fulgur.Node.Config;

namespace Fulgur.Node.Tests.Daemon;

public sealed class BitcoinNetworkTests
{
    /// <summary>The BOLT 7 chain hash we put in <c>init</c> is the genesis hash the Bitcoin layer computes, in wire order.</summary>
    [Theory]
    [InlineData(BitcoinNetwork.Regtest)]
    [InlineData(BitcoinNetwork.Signet)]
    [InlineData(BitcoinNetwork.Testnet)]
    [InlineData(BitcoinNetwork.Bitcoin)]
    public void Chain_hash_matches_the_genesis_block_of_the_network(BitcoinNetwork network)
    {
        Assert.Equal(Hex.Encode(network.ToNetwork().ChainHash.ToBytes()), network.ChainHash().ToString());
        Assert.Equal(network.Name(), network.ToNetwork().Name);
    }

    [Fact]
    public void Cookie_lives_in_bitcoinds_chain_subdirectory()
    {
        Assert.Equal(Path.Combine("/d", "regtest", ".cookie"), BitcoindEndpoint.CookieFile("/d", BitcoinNetwork.Regtest));
        Assert.Equal(Path.Combine("/d", "testnet3", ".cookie"), BitcoindEndpoint.CookieFile("/d", BitcoinNetwork.Testnet));
        Assert.Equal(Path.Combine("/d", ".cookie"), BitcoindEndpoint.CookieFile("/d", BitcoinNetwork.Bitcoin));
    }
}
