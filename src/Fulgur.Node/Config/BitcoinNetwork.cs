using Fulgur.Bitcoin;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Config;

/// <summary>The chains fulgurd runs on (interfaces.md §2 --network), with Core Lightning's and bitcoind's default ports.</summary>
public enum BitcoinNetwork
{
    Regtest,
    Signet,
    Testnet,
    Bitcoin,
}

public static class BitcoinNetworks
{
    public static bool TryParse(string text, out BitcoinNetwork network)
    {
        switch (text)
        {
            case "regtest": network = BitcoinNetwork.Regtest; return true;
            case "signet": network = BitcoinNetwork.Signet; return true;
            case "testnet": network = BitcoinNetwork.Testnet; return true;
            case "bitcoin": network = BitcoinNetwork.Bitcoin; return true;
            default: network = default; return false;
        }
    }

    /// <summary>The name used for --network and for the per-network directory.</summary>
    public static string Name(this BitcoinNetwork network) => network switch
    {
        BitcoinNetwork.Regtest => "regtest",
        BitcoinNetwork.Signet => "signet",
        BitcoinNetwork.Testnet => "testnet",
        _ => "bitcoin",
    };

    /// <summary>Default Lightning listen port: 9735 on bitcoin, Core Lightning's 19735/39735/19846 elsewhere.</summary>
    public static ushort DefaultPeerPort(this BitcoinNetwork network) => network switch
    {
        BitcoinNetwork.Regtest => 19846,
        BitcoinNetwork.Signet => 39735,
        BitcoinNetwork.Testnet => 19735,
        _ => 9735,
    };

    /// <summary>bitcoind's default RPC port for the chain.</summary>
    public static ushort DefaultBitcoinRpcPort(this BitcoinNetwork network) => network switch
    {
        BitcoinNetwork.Regtest => 18443,
        BitcoinNetwork.Signet => 38332,
        BitcoinNetwork.Testnet => 18332,
        _ => 8332,
    };

    /// <summary>The subdirectory bitcoind keeps the chain's files (and .cookie) in.</summary>
    public static string BitcoindSubdirectory(this BitcoinNetwork network) => network switch
    {
        BitcoinNetwork.Regtest => "regtest",
        BitcoinNetwork.Signet => "signet",
        BitcoinNetwork.Testnet => "testnet3",
        _ => "",
    };

    /// <summary>The chain's parameters in the Bitcoin layer (address prefixes, genesis, invoice prefix).</summary>
    public static Network ToNetwork(this BitcoinNetwork network) => network switch
    {
        BitcoinNetwork.Bitcoin => Network.Bitcoin,
        BitcoinNetwork.Testnet => Network.Testnet,
        BitcoinNetwork.Signet => Network.Signet,
        _ => Network.Regtest,
    };

    /// <summary>BOLT 7's <c>chain_hash</c> of the chain, as <c>init</c>'s <c>networks</c> and gossip carry it.</summary>
    public static ChainHash ChainHash(this BitcoinNetwork network) => network switch
    {
        BitcoinNetwork.Bitcoin => Protocol.Types.ChainHash.Bitcoin,
        BitcoinNetwork.Testnet => Protocol.Types.ChainHash.Testnet,
        BitcoinNetwork.Signet => Protocol.Types.ChainHash.Signet,
        _ => Protocol.Types.ChainHash.Regtest,
    };
}
