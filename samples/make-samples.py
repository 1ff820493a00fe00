"""Writes samples/ from the real records under modules/sources/src/test/resources (see samples/NOTICE).

Run from the repository root: python3 samples/make-samples.py samples
Each sample record is a deep copy of one real record with only the fields named in the NOTICE changed.
"""
import json, copy, datetime as dt, os, sys
R=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'modules/sources/src/test/resources') + '/'
OUT=sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
def load(p): return json.load(open(R+p))
def iso(t, frac=6): return t.strftime('%Y-%m-%dT%H:%M:%S.') + f'{t.microsecond:06d}'[:frac] + 'Z'
def w(path, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path,'w').write(''.join(l+'\n' for l in lines))

# ---- gcp-audit ----
get=load('gcp-audit/storage.objects.get-gsutil-cp-user.json')
qry=load('gcp-audit/jobservice.jobcompleted-query-select-reddit-sample.json')
iam=load('gcp-audit/storage.setIamPermissions-bucket-allUsers-objectViewer.json')
day=dt.datetime(2026,12,1,0,0,0,tzinfo=dt.timezone.utc)
data=[]; act=[]
n=0
def gcs_get(t, who, ip, bucket, obj):
    global n; n+=1
    r=copy.deepcopy(get); p=r['protoPayload']
    p['authenticationInfo']['principalEmail']=who
    p['requestMetadata']['callerIp']=ip
    p['requestMetadata']['requestAttributes']['time']=iso(t+dt.timedelta(milliseconds=11))
    res=f'projects/_/buckets/{bucket}/objects/{obj}'
    p['authorizationInfo'][0]['resource']=res; p['resourceName']=res
    p['resourceLocation']['currentLocations']=['asia-northeast3']
    r['insertId']=f'hb{n:04d}getobj'
    r['resource']['labels']={'bucket_name':bucket,'project_id':'hanbit-analytics','location':'asia-northeast3'}
    r['timestamp']=iso(t); r['logName']='projects/hanbit-analytics/logs/cloudaudit.googleapis.com%2Fdata_access'
    r['receiveTimestamp']=iso(t+dt.timedelta(milliseconds=750))
    return r
def bq_job(t, who, ip, config, stats, event):
    global n; n+=1
    r=copy.deepcopy(qry); p=r['protoPayload']
    p['authenticationInfo']['principalEmail']=who
    p['requestMetadata']['callerIp']=ip
    job_id=f'bqjob_r{n:04x}hanbit_0000019ad1c2e3f4_1'
    p['resourceName']=f'projects/hanbit-analytics/jobs/{job_id}'
    job=p['serviceData']['jobCompletedEvent']['job']
    p['serviceData']['jobCompletedEvent']['eventName']=event
    job['jobConfiguration']=config
    job['jobName']={'jobId':job_id,'location':'asia-northeast3','projectId':'hanbit-analytics'}
    s=job['jobStatistics']
    s['createTime']=iso(t-dt.timedelta(seconds=3),3); s['startTime']=iso(t-dt.timedelta(seconds=2),3); s['endTime']=iso(t-dt.timedelta(milliseconds=40),3)
    for k in list(s):
        if k not in ('billingTier','createTime','endTime','startTime','totalSlotMs'): del s[k]
    s.update(stats)
    r['insertId']=f'hb{n:04d}bqjob'
    r['logName']='projects/hanbit-analytics/logs/cloudaudit.googleapis.com%2Fdata_access'
    r['resource']['labels']={'project_id':'hanbit-analytics'}
    r['timestamp']=iso(t); r['receiveTimestamp']=iso(t+dt.timedelta(milliseconds=380))
    return r
table={'datasetId':'crm_kr','projectId':'hanbit-analytics','tableId':'customers'}
for h in range(8,18):
    t=day+dt.timedelta(hours=h, minutes=7)
    data.append(gcs_get(t,'emp-1004@hanbit.example','211.234.10.4','hanbit-analytics-seoul',f'exports/2026-12-01/part-{h:04d}.parquet'))
    cfg=copy.deepcopy(qry['protoPayload']['serviceData']['jobCompletedEvent']['job']['jobConfiguration'])
    cfg['query']['query']='SELECT region, COUNT(*) FROM `hanbit-analytics.crm_kr.customers` GROUP BY region'
    cfg['query']['destinationTable']={'datasetId':'_5d1e0a7c93b2f4e6a8c0d2b4f6a8c0e2d4b6f8a0','projectId':'hanbit-analytics','tableId':f'anon{h:02d}a1b2c3d4_e5f6_4a7b_8c9d_0e1f2a3b4c5d'}
    data.append(bq_job(t+dt.timedelta(minutes=20),'svc-analytics@hanbit-analytics.iam.gserviceaccount.com','10.40.2.17',cfg,
        {'queryOutputRowCount':'17','referencedTables':[table],'totalBilledBytes':'10485760','totalProcessedBytes':'4194304','totalTablesProcessed':1},'query_job_completed'))
# the planted extract: KR personal data out to the US multi-region bucket
ext={'extract':{'destinationUris':['gs://hanbit-exports-us/crm/customers-*.csv'],'sourceTable':table}}
data.append(bq_job(day+dt.timedelta(hours=19,minutes=42,seconds=5),'emp-1006@hanbit.example','211.234.10.6',ext,{},'extract_job_completed'))
data.sort(key=lambda r:r['timestamp'])
# the planted public grant on the Seoul bucket
g=copy.deepcopy(iam); p=g['protoPayload']; t=day+dt.timedelta(hours=21,minutes=3,seconds=12)
p['authenticationInfo']['principalEmail']='emp-1008@hanbit.example'
p['requestMetadata']['callerIp']='211.234.10.8'
p['requestMetadata']['requestAttributes']['time']=iso(t+dt.timedelta(milliseconds=6))
p['authorizationInfo'][0]['resource']='projects/_/buckets/hanbit-analytics-seoul'
p['resourceName']='projects/_/buckets/hanbit-analytics-seoul'
p['resourceLocation']['currentLocations']=['asia-northeast3']
g['insertId']='hb0999setiam'
g['resource']['labels']={'bucket_name':'hanbit-analytics-seoul','project_id':'hanbit-analytics','location':'asia-northeast3'}
g['timestamp']=iso(t); g['logName']='projects/hanbit-analytics/logs/cloudaudit.googleapis.com%2Factivity'
g['receiveTimestamp']=iso(t+dt.timedelta(milliseconds=660))
act.append(g)
# grants to named members, from the published grant of a user: a colleague's (no alert) and an outside agency's
member=load('gcp-audit/storage.setIamPermissions-bucket-user-storageAdmin.json')
for who, ip, grantee, at, ins in (('emp-1004@hanbit.example', '211.234.10.4', 'user:emp-1002@hanbit.example', (10, 2, 40), 'hb0997setiam'),
                                  ('emp-1010@hanbit.example', '211.234.10.10', 'user:j.doe@partner-agency.example', (20, 15, 3), 'hb0998setiam')):
    g=copy.deepcopy(member); p=g['protoPayload']; t=day+dt.timedelta(hours=at[0],minutes=at[1],seconds=at[2])
    p['authenticationInfo']['principalEmail']=who
    p['requestMetadata']['callerIp']=ip
    p['requestMetadata']['requestAttributes']['time']=iso(t+dt.timedelta(milliseconds=9))
    bucket='projects/_/buckets/hanbit-analytics-seoul'
    p['authorizationInfo'][0]['resource']=bucket; p['resourceName']=bucket
    p['resourceLocation']['currentLocations']=['asia-northeast3']
    p['serviceData']['policyDelta']['bindingDeltas']=[{'action':'ADD','role':'roles/storage.objectViewer','member':grantee}]
    p['request']['iamRequest']['resource']=bucket
    p['request']['iamRequest']['policy']['bindings']=[
        {'members':['projectEditor:hanbit-analytics','projectOwner:hanbit-analytics'],'role':'roles/storage.legacyBucketOwner'},
        {'members':['projectViewer:hanbit-analytics'],'role':'roles/storage.legacyBucketReader'},
        {'members':[grantee],'role':'roles/storage.objectViewer'}]
    p['response']['bindings']=copy.deepcopy(p['request']['iamRequest']['policy']['bindings'])
    g['insertId']=ins
    g['resource']={'type':'gcs_bucket','labels':{'bucket_name':'hanbit-analytics-seoul','project_id':'hanbit-analytics','location':'asia-northeast3'}}
    g['timestamp']=iso(t); g['logName']='projects/hanbit-analytics/logs/cloudaudit.googleapis.com%2Factivity'
    g['receiveTimestamp']=iso(t+dt.timedelta(milliseconds=540))
    act.append(g)
# a snapshot of a CRM replica disk stored in the US multi-region, from the published snapshots.insert
# (which logs no request): request with sourceDisk and storageLocations added, as Compute Engine writes it
snap=load('gcp-audit/v1.compute.snapshots.insert-unexpected-domain-no-request.json')
g=copy.deepcopy(snap); p=g['protoPayload']; t=day+dt.timedelta(hours=20,minutes=51,seconds=30)
p['authenticationInfo']['principalEmail']='emp-1009@hanbit.example'
p['resourceName']='projects/hanbit-analytics/global/snapshots/crm-replica-01-20261201'
p['request']={'@type':'type.googleapis.com/compute.snapshots.insert','name':'crm-replica-01-20261201',
              'sourceDisk':'https://www.googleapis.com/compute/v1/projects/hanbit-analytics/zones/asia-northeast3-a/disks/crm-replica-01',
              'storageLocations':['us']}
g['insertId']='hb0996snapshot'; g['logName']='projects/hanbit-analytics/logs/cloudaudit.googleapis.com%2Factivity'
g['resource']['labels']={'project_id':'hanbit-analytics'}
g['timestamp']=iso(t,3)
act.append(g)
# a BigQuery copy of the Seoul customers table into a dataset in the ASIA multi-region (AuditData TableCopy)
cp={'tableCopy':{'sourceTables':[table],'destinationTable':{'datasetId':'crm_asia','projectId':'hanbit-analytics','tableId':'customers_copy'},
                 'createDisposition':'CREATE_IF_NEEDED','writeDisposition':'WRITE_TRUNCATE'}}
data.append(bq_job(day+dt.timedelta(hours=21,minutes=30,seconds=44),'emp-1011@hanbit.example','211.234.10.11',cp,{},'table_copy_job_completed'))
data.sort(key=lambda r:r['timestamp'])
act.sort(key=lambda r:r['timestamp'])
w(OUT+'/gcp-audit/data_access-2026-12-01.json',[json.dumps(r) for r in data])
w(OUT+'/gcp-audit/activity-2026-12-01.json',[json.dumps(r) for r in act])

# ---- azure-storage ----
sas=load('azure-storage/panther-storageread-getblob-sas-uri.json')
oauth=load('azure-storage/otel-storageread-listblobs-delegationsas.json')
SUB='8d4b2f61-3c7a-4e95-b0d2-5a1e9c6f7b30'
blobs=[]
def az_time(t): return t.strftime('%Y-%m-%dT%H:%M:%S.')+f'{t.microsecond:06d}'+'0Z'
for h in range(9,17):
    t=day+dt.timedelta(hours=h,minutes=12,seconds=30)
    r=copy.deepcopy(oauth)
    r['time']=az_time(t)
    r['resourceId']=f'/subscriptions/{SUB}/resourceGroups/hanbit-crm/providers/Microsoft.Storage/storageAccounts/hanbitcrmkr/blobServices/default'
    r['operationName']='GetBlob'; r['statusCode']=200; r['statusText']='Success'
    r['callerIpAddress']=f'211.234.10.5:{50100+h}'
    r['correlationId']=f'5e0c{h:04d}-1a2b-4c3d-8e9f-0a1b2c3d4e5f'
    r['identity']={'type':'OAuth','tokenHash':'','authorization':[dict(oauth['identity']['authorization'][0],result='Granted',reason='Policy',principals=[{'id':'3b9e61d2-7c4a-4f80-9e15-2d6a8c0b4f71','type':'User'}])],
                   'requester':{'objectId':'3b9e61d2-7c4a-4f80-9e15-2d6a8c0b4f71','tenantId':'c1d2e3f4-a5b6-4c7d-8e9f-a0b1c2d3e4f5','upn':'emp-1005@hanbit.example'}}
    r['location']='koreacentral'
    pr=r['properties']; pr['accountName']='hanbitcrmkr'; pr['objectKey']=f'/hanbitcrmkr/exports/2026-12-01/part-{h:04d}.csv'
    pr['metricResponseType']='Success'; pr['clientRequestId']=f'c0ffee{h:02d}-0000-4000-8000-000000000000'
    pr['lastModifiedTime']='2026/12/01 00:30:00.0000000'; pr['accessTier']='Hot'
    pr['responseBodySize']=4_812_000
    r['uri']=f'https://hanbitcrmkr.blob.core.windows.net/exports/2026-12-01/part-{h:04d}.csv'
    blobs.append(r)
# the planted bulk download with the container's SAS token from a hosting provider abroad
for i in range(40):
    t=day+dt.timedelta(hours=23,minutes=10,seconds=7*i)
    r=copy.deepcopy(sas)
    r['time']=az_time(t); r['callerIpAddress']=f'203.0.113.77:{45123+i}'
    r['uri']=f'https://hanbitcrmkr.blob.core.windows.net/exports/2026-11-30/part-{i:04d}.csv?sv=2021-12-02&ss=b&srt=sco&sp=rl&se=2026-12-31T23:59:59Z&sig=SIGNATURE_HERE'
    r['properties']['accountName']='hanbitcrmkr'; r['properties']['objectKey']=f'/hanbitcrmkr/exports/2026-11-30/part-{i:04d}.csv'
    blobs.append(r)
w(OUT+'/azure-storage/storageread-2026-12-01.json',[json.dumps(r) for r in blobs])

# ---- azure-activity ----
a=load('azure-activity/dynatrace-storageaccount-listaccountsas-action.json')
disk=f'/SUBSCRIPTIONS/{SUB.upper()}/RESOURCEGROUPS/HANBIT-CRM/PROVIDERS/MICROSOFT.COMPUTE/DISKS/CRM-DB-DATA-01'
rs=[]
for status,sig,level,sec in (('Start','Started.','Informational',0),('Success','Succeeded.','Informational',2)):
    r=copy.deepcopy(a); t=day+dt.timedelta(hours=22,minutes=48,seconds=sec)
    r['time']=az_time(t); r['resourceId']=disk
    r['operationName']='MICROSOFT.COMPUTE/DISKS/BEGINGETACCESS/ACTION'
    r['resultType']=status; r['resultSignature']=sig; r['durationMs']='0' if status=='Start' else '2113'
    r['callerIpAddress']='211.234.10.5'; r['correlationId']='9a7c2e10-4b3d-4f6e-8a1c-2d3e4f5a6b7c'
    au=r['identity']['authorization']
    au['scope']=disk.lower(); au['action']='Microsoft.Compute/disks/beginGetAccess/action'
    ev=au['evidence']; ev['role']='Virtual Machine Contributor'; ev['roleAssignmentScope']=f'/subscriptions/{SUB}'
    ev['principalId']='3b9e61d27c4a4f809e152d6a8c0b4f71'; ev['principalType']='User'
    c=r['identity']['claims']
    c['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname']='Park'
    c['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname']='Jiwoo'
    c['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name']='emp-1005@hanbit.example'
    c['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn']='emp-1005@hanbit.example'
    c['iss']='https://sts.windows.net/c1d2e3f4-a5b6-4c7d-8e9f-a0b1c2d3e4f5/'
    r['level']=level
    pr=r['properties']; pr['statusCode']='Accepted' if status=='Success' else None
    if status=='Start': del pr['statusCode']
    del pr['statusMessage']
    pr['entity']=disk; pr['message']='Microsoft.Compute/disks/beginGetAccess/action'
    pr['hierarchy']=f'c1d2e3f4-a5b6-4c7d-8e9f-a0b1c2d3e4f5/{SUB}'
    rs.append(r)
# a snapshot of the CRM disk copied to a US region (CopyStart), from the same published record
r=copy.deepcopy(a); t=day+dt.timedelta(hours=23,minutes=31,seconds=18)
snapshot=f'/SUBSCRIPTIONS/{SUB.upper()}/RESOURCEGROUPS/HANBIT-DR/PROVIDERS/MICROSOFT.COMPUTE/SNAPSHOTS/CRM-DB-DATA-01-EASTUS'
r['time']=az_time(t); r['resourceId']=snapshot
r['operationName']='MICROSOFT.COMPUTE/SNAPSHOTS/WRITE'
r['resultType']='Success'; r['resultSignature']='Succeeded.Created'; r['durationMs']='1873'
r['callerIpAddress']='211.234.10.12'; r['correlationId']='2f6b8d41-7e3a-4c59-9b0e-1a2c3d4e5f60'
au=r['identity']['authorization']
au['scope']=snapshot.lower(); au['action']='Microsoft.Compute/snapshots/write'
ev=au['evidence']; ev['role']='Disk Snapshot Contributor'; ev['roleAssignmentScope']=f'/subscriptions/{SUB}'
ev['principalId']='6a1f0c93d4e24b7f8a5c3e2d1b0f9a87'; ev['principalType']='User'
c=r['identity']['claims']
c['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname']='Choi'
c['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname']='Minseo'
c['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name']='emp-1012@hanbit.example'
c['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn']='emp-1012@hanbit.example'
c['iss']='https://sts.windows.net/c1d2e3f4-a5b6-4c7d-8e9f-a0b1c2d3e4f5/'
r['level']='Informational'
pr=r['properties']; pr['statusCode']='Created'; del pr['statusMessage']
pr['entity']=snapshot; pr['message']='Microsoft.Compute/snapshots/write'
pr['hierarchy']=f'c1d2e3f4-a5b6-4c7d-8e9f-a0b1c2d3e4f5/{SUB}'
pr['requestbody']=json.dumps({'location':'eastus','properties':{'creationData':{'createOption':'CopyStart',
    'sourceResourceId':f'/subscriptions/{SUB}/resourceGroups/hanbit-crm/providers/Microsoft.Compute/disks/crm-db-data-01'},'incremental':True}})
rs.append(r)
w(OUT+'/azure-activity/administrative-2026-12-01.json',[json.dumps(r) for r in rs])

# ---- pgaudit ----
lines=[]
def q(s): return '"'+s.replace('"','""')+'"'
class Sess:
    def __init__(s, user, ip, port, start, pid):
        s.user=user; s.ip=ip; s.port=port; s.start=start; s.pid=pid; s.n=0; s.stmt=0
        s.id=f'{int(start.timestamp()):x}.{pid:x}'
    def line(s, t, tag, vxid, sev, state, msg, ctx='', app='psql'):
        s.n+=1
        lt=t.strftime('%Y-%m-%d %H:%M:%S.')+f'{t.microsecond//1000:03d} UTC'
        st=s.start.strftime('%Y-%m-%d %H:%M:%S UTC')
        user='' if tag=='' and s.n==1 else q(s.user)
        db='' if tag=='' and s.n==1 else q('crm')
        frm=q(f'{s.ip}:{s.port}') if s.n>1 else ''
        return ','.join([lt,user,db,str(s.pid),frm if s.n>1 else '',s.id,str(s.n),q(tag),st,vxid,'0',sev,state,q(msg),'','','','','','','',q(ctx),q(app)])
    def connect(s, t, app):
        out=[s.line(t,'','','LOG','00000',f'connection received: host={s.ip} port={s.port}','BackendInitialize, postmaster.c:4409',''),
             s.line(t+dt.timedelta(milliseconds=3),'authentication','3/1','LOG','00000',f'connection authorized: user={s.user} database=crm application_name={app}','PerformAuthentication, postinit.c:300',app)]
        return out
    def select(s, t, sql, rows, app, obj='public.customers', cmd='SELECT', tag='SELECT'):
        s.stmt+=1
        msg=f'AUDIT: SESSION,{s.stmt},1,READ,{cmd},TABLE,{obj},{q(sql)},<not logged>,{rows}'
        return s.line(t,tag,f'3/{s.stmt+1}','LOG','00000',msg,'log_audit_event, pgaudit.c:759',app)
import random
rnd=random.Random(20261201)
first=dt.datetime(2026,11,1,tzinfo=dt.timezone.utc)
pid=4100
for d in range(28):
    dayd=first+dt.timedelta(days=d)
    drift = d>=24   # 25, 26, 27, 28 November
    pid+=1
    s=Sess('crm_reporting','10.12.4.31',52100+d,dayd+dt.timedelta(hours=6),pid)
    lines+=s.connect(dayd+dt.timedelta(hours=6),'crm-reports')
    for k in range(15 if drift else 10):
        rows = rnd.randint(9_600,10_400) if drift else rnd.randint(950,1_050)
        lines.append(s.select(dayd+dt.timedelta(hours=6,minutes=20+60*k,seconds=rnd.randint(0,59)),
            'SELECT id, name, email, phone, city FROM public.customers WHERE updated_at >= $1',rows,'crm-reports'))
    if d%7 not in (5,6):
        pid+=1
        s=Sess('emp_1003','211.234.10.3',60200+d,dayd+dt.timedelta(hours=1,minutes=30),pid)
        lines+=s.connect(dayd+dt.timedelta(hours=1,minutes=30),'psql')
        for k in range(3):
            lines.append(s.select(dayd+dt.timedelta(hours=1,minutes=35+40*k),'SELECT * FROM public.customers WHERE id = 4711;',1,'psql'))
# the planted copy: the whole customer table to the client, from an address in no known network
t=dt.datetime(2026,11,28,17,13,4,tzinfo=dt.timezone.utc); pid+=1
s=Sess('emp_1003','198.18.7.21',41822,t,pid)
lines+=s.connect(t,'psql')
lines.append(s.select(t+dt.timedelta(seconds=9),'COPY public.customers TO STDOUT WITH (FORMAT csv, HEADER);',48_210,'psql',cmd='COPY',tag='COPY'))
lines.sort(key=lambda l:l[:23])
w(OUT+'/pgaudit/postgresql-2026-11.csv',lines)

# ---- snowflake ----
sel=load('snowflake/panther-query-history-select-full-row.json')
unl=load('snowflake/panther-query-history-unload-copy-into-stage.json')
xfer=load('snowflake/panther-data-transfer-copy-eu-west-1.json')
def sf_time(t): return t.strftime('%Y-%m-%d %H:%M:%S.')+f'{t.microsecond//1000:03d}Z'
def sf_id(k): return f'01b8e2a0-0306-4b1c-0002-{k:012x}'
import hashlib
rows=[]
k=0
for d in range(7):   # 24 to 30 November: emp-1002 looks up a few customers in the CRM each working day
    dayd=dt.datetime(2026,11,24,tzinfo=dt.timezone.utc)+dt.timedelta(days=d)
    for j in range(3):
        k+=1
        t=dayd+dt.timedelta(hours=1+2*j,minutes=14+3*d,seconds=rnd.randint(0,59),milliseconds=rnd.randint(0,999))
        r=copy.deepcopy(sel)
        text=f'SELECT customer_id, name, grade, city FROM HANBIT_CRM.PUBLIC.CUSTOMERS WHERE customer_id = {4700+k}'
        n_rows=rnd.randint(1,12)
        r['bytes_written_to_result']=96*n_rows
        r['database_name']='HANBIT_CRM'; r['schema_name']='PUBLIC'
        r['end_time']=sf_time(t+dt.timedelta(milliseconds=89))
        r['query_hash']=r['query_parameterized_hash']=hashlib.md5(text.encode()).hexdigest()
        r['query_id']=sf_id(k); r['query_text']=text
        r['role_name']='CRM_ANALYST'
        r['rows_produced']=n_rows; r['rows_written_to_result']=n_rows
        r['start_time']=sf_time(t)
        r['user_name']='EMP_1002'; r['warehouse_name']='HANBIT_WH'
        rows.append(r)
# the planted unload: emp-1007 copies the whole CRM customer table to an S3 bucket in Virginia (the marketing lake)
u=copy.deepcopy(unl); t=dt.datetime(2026,12,1,11,42,17,318000,tzinfo=dt.timezone.utc)
u['QUERY_TEXT']=u['QUERY_TEXT'].replace("'@PANTHER_LOGS.PUBLIC.data_exfil/DATA.csv'","'s3://hanbit-marketing-virginia/crm/customers/'") \
    .replace('FROM (SELECT * FROM PANTHER_LOGS.PUBLIC.amazon_eks_audit LIMIT 100)','FROM (SELECT * FROM HANBIT_CRM.PUBLIC.CUSTOMERS) STORAGE_INTEGRATION = HANBIT_S3_US')
u['USER_NAME']='EMP_1007'
u.update({'QUERY_ID':sf_id(0x999),'START_TIME':sf_time(t),'END_TIME':sf_time(t+dt.timedelta(seconds=41,milliseconds=506)),
          'ROLE_NAME':'CRM_ANALYST','DATABASE_NAME':'HANBIT_CRM','SCHEMA_NAME':'PUBLIC','ROWS_UNLOADED':48_210,
          'OUTBOUND_DATA_TRANSFER_CLOUD':'AWS','OUTBOUND_DATA_TRANSFER_REGION':'US-EAST-1','OUTBOUND_DATA_TRANSFER_BYTES':9_874_112})
rows.append(u)
w(OUT+'/snowflake/query_history-2026-12-01.json',[json.dumps(r) for r in rows])
# the planted replication: the Seoul account's databases replicated to a US region
x=copy.deepcopy(xfer); t=dt.datetime(2026,12,1,15,0,0,tzinfo=dt.timezone.utc)
x['REGION']='AP-NORTHEAST-2'; x['SOURCE_REGION']='AP-NORTHEAST-2'; x['TARGET_REGION']='US-EAST-1'
x['BYTES_TRANSFERRED']=402_653_184; x['TRANSFER_TYPE']='REPLICATION'
x['START_TIME']=sf_time(t); x['END_TIME']=sf_time(t+dt.timedelta(hours=1))
w(OUT+'/snowflake/data_transfer_history-2026-12-01.json',[json.dumps(x)])
# the Seoul office logins of EMP_1002 (each morning before the day's reads) and EMP_1007 (before the unload)
lgn=load('snowflake/panther-login-history-success.json')
def sf_login_time(t): return t.strftime('%Y-%m-%d %H:%M:%S.')+f'{t.microsecond*1000:09d}'
def sf_login(t, who, ip, k):
    r={key: v for key, v in copy.deepcopy(lgn).items() if not key.startswith('p_')}
    r['CLIENT_IP']=ip; r['EVENT_ID']=str(16592193114297018+k); r['EVENT_TIMESTAMP']=sf_login_time(t); r['USER_NAME']=who
    return r
logins=[sf_login(dt.datetime(2026,11,24,0,48,tzinfo=dt.timezone.utc)+dt.timedelta(days=d,minutes=3*d,seconds=7+d,milliseconds=211),
                 'EMP_1002','211.234.10.2',d) for d in range(7)]
logins.append(sf_login(dt.datetime(2026,12,1,11,31,5,802000,tzinfo=dt.timezone.utc),'EMP_1007','211.234.10.7',7))
w(OUT+'/snowflake/login_history-2026-12-01.json',[json.dumps(r) for r in logins])
