namespace Fulgur.Node.Storage;

/// <summary>The SQLite schema, in order. Append only.</summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "vars: node-wide named values",
            """
            CREATE TABLE vars (
                name TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            );
            """),
        new(2, "peers: the address we last dialled per peer, and whether we have channels with it (reconnection)",
            """
            CREATE TABLE peers (
                node_id BLOB PRIMARY KEY NOT NULL,
                address TEXT,
                has_channels INTEGER NOT NULL DEFAULT 0
            );
            """),
        new(3, "wallet_outputs, wallet_transactions: the on-chain wallet's outputs (confirmation/spend state) and the transactions it sent",
            """
            CREATE TABLE wallet_outputs (
                txid BLOB NOT NULL,
                output INTEGER NOT NULL,
                value INTEGER NOT NULL,
                key_index INTEGER NOT NULL,
                script BLOB NOT NULL,
                status INTEGER NOT NULL,
                blockheight INTEGER,
                spent_by BLOB,
                spent_height INTEGER,
                PRIMARY KEY (txid, output)
            );
            CREATE TABLE wallet_transactions (
                txid BLOB PRIMARY KEY NOT NULL,
                raw BLOB NOT NULL
            );
            """),
        new(4, "channels: each channel's core state and its funding on the chain",
            """
            CREATE TABLE channels (
                dbid INTEGER PRIMARY KEY NOT NULL,
                peer_id BLOB NOT NULL,
                state BLOB NOT NULL,
                funding_tx BLOB,
                funding_height INTEGER,
                funding_tx_index INTEGER,
                funding_spent INTEGER NOT NULL DEFAULT 0
            );
            """),
        new(5, "invoices: the invoices this node issued, their preimages and, once paid, pay_index, amount and time",
            """
            CREATE TABLE invoices (
                id INTEGER PRIMARY KEY NOT NULL,
                label TEXT NOT NULL UNIQUE,
                bolt11 TEXT NOT NULL,
                payment_hash BLOB NOT NULL UNIQUE,
                preimage BLOB NOT NULL,
                payment_secret BLOB NOT NULL,
                amount_msat INTEGER,
                description TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                min_final_cltv INTEGER NOT NULL,
                pay_index INTEGER UNIQUE,
                received_msat INTEGER,
                paid_at INTEGER
            );
            """),
        new(6, "payments, forwards: sendpay attempts with their route, shared secrets and outcome; the HTLC switch's incoming-to-outgoing links and resolutions",
            """
            CREATE TABLE payments (
                id INTEGER PRIMARY KEY NOT NULL,
                payment_hash BLOB NOT NULL,
                destination BLOB NOT NULL,
                amount_msat INTEGER NOT NULL,
                amount_sent_msat INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                status INTEGER NOT NULL,
                preimage BLOB,
                label TEXT,
                bolt11 TEXT,
                route BLOB NOT NULL,
                shared_secrets BLOB NOT NULL,
                first_channel BLOB NOT NULL,
                first_expiry INTEGER NOT NULL,
                out_htlc_id INTEGER,
                fail_code INTEGER,
                fail_message TEXT,
                erring_index INTEGER,
                erring_node BLOB,
                erring_channel INTEGER,
                failcode INTEGER,
                channel_update BLOB,
                onion_reply BLOB,
                completed_at INTEGER
            );
            CREATE INDEX payments_hash ON payments (payment_hash);
            CREATE TABLE forwards (
                in_channel BLOB NOT NULL,
                in_htlc_id INTEGER NOT NULL,
                kind INTEGER NOT NULL,
                payment_hash BLOB NOT NULL,
                in_amount_msat INTEGER NOT NULL,
                in_expiry INTEGER NOT NULL,
                shared_secret BLOB NOT NULL,
                out_scid INTEGER,
                out_channel BLOB,
                out_amount_msat INTEGER,
                out_expiry INTEGER,
                out_htlc_id INTEGER,
                state INTEGER NOT NULL,
                preimage BLOB,
                fail_reason BLOB,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (in_channel, in_htlc_id)
            );
            """),
        new(7, "gossip_channels, gossip_updates, gossip_nodes: the gossip store (announcements and updates as received)",
            SqliteGossipRepository.Schema),
    ];
}
